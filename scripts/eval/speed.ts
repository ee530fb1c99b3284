import type { Utterance } from '../../src/domain/transcript.js';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import type { Interview } from './dataset.js';
import { median } from './metrics.js';
import { runProject } from './project.js';

/** The same interview said four times over: 4x the words, same structure. */
export function fourTimesLonger(iv: Interview): Interview {
  const out: Utterance[] = [];
  const span = (iv.utterances.at(-1)?.endMs ?? 0) + 600;
  for (let k = 0; k < 4; k++) {
    for (const u of iv.utterances) {
      const index = out.length;
      out.push({ ...u, id: `u${index}`, index, startMs: u.startMs + k * span, endMs: u.endMs + k * span });
    }
  }
  return { id: `${iv.id}-x4`, utterances: out };
}

/** Median CPU ms per interview for a sample of interviews and for their 4x longer versions. */
export async function measureScaling(interviews: Interview[], questions: { id: string; text: string }[], sample = 25): Promise<{ base: number; x4: number }> {
  const step = Math.max(1, Math.floor(interviews.length / sample));
  const picked = interviews.filter((_, i) => i % step === 0).slice(0, sample);
  const a = new LocalAnalyzer();
  const base: number[] = [];
  const x4: number[] = [];
  for (const iv of picked) {
    base.push((await runProject(a, [iv], questions, 'speed')).interviews[0]!.cpuMs);
    x4.push((await runProject(a, [fourTimesLonger(iv)], questions, 'speed')).interviews[0]!.cpuMs);
  }
  return { base: median(base), x4: median(x4) };
}
