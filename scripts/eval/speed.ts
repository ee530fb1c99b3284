import type { Utterance } from '../../src/domain/transcript.js';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { clearNlpCache } from '../../src/analyzers/local/nlp.js';
import type { Interview } from './dataset.js';
import { median } from './metrics.js';
import { runProject } from './project.js';

/** Four different interviews said one after the other: ~4x the words, no repeated text. */
export function concatenated(parts: Interview[]): Interview {
  const out: Utterance[] = [];
  let offset = 0;
  for (const iv of parts) {
    for (const u of iv.utterances) {
      const index = out.length;
      out.push({ ...u, id: `u${index}`, index, startMs: u.startMs + offset, endMs: u.endMs + offset });
    }
    offset = (out.at(-1)?.endMs ?? 0) + 600;
  }
  return { id: parts.map((p) => p.id).join('+'), utterances: out };
}

async function cpuOf(a: LocalAnalyzer, iv: Interview, questions: { id: string; text: string }[]): Promise<number> {
  clearNlpCache(); // cold: nothing analysed before counts
  return (await runProject(a, [iv], questions, 'speed')).interviews[0]!.cpuMs;
}

/**
 * Scaling: for samples of four consecutive interviews, CPU of the four concatenated into one
 * transcript against the mean CPU of the four alone. Returns medians (ms) and the median ratio.
 */
export async function measureScaling(interviews: Interview[], questions: { id: string; text: string }[], samples = 20): Promise<{ base: number; x4: number; ratio: number }> {
  const a = new LocalAnalyzer();
  const step = Math.max(4, Math.floor(interviews.length / samples));
  const base: number[] = [];
  const x4: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i + 4 <= interviews.length && ratios.length < samples; i += step) {
    const parts = interviews.slice(i, i + 4);
    const singles: number[] = [];
    for (const p of parts) singles.push(await cpuOf(a, p, questions));
    const long = await cpuOf(a, concatenated(parts), questions);
    const mean = singles.reduce((s, x) => s + x, 0) / singles.length;
    base.push(mean);
    x4.push(long);
    ratios.push(long / Math.max(0.001, mean));
  }
  return { base: median(base), x4: median(x4), ratio: median(ratios) };
}
