import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queue } from 'bullmq';
import type { Store } from '../../src/ports/store.js';
import type { ProjectSynthesisView } from '../../src/ports/synthesis-store.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

/**
 * Small interviews cut from the three sample interviews in examples/ (Anthropic Interviewer
 * dataset, see examples/README.md for source and licence): each is two consecutive question and
 * answer pairs of one interview, so `n` distinct interviews of a common study come out.
 */
export function exampleInterviews(n: number): { title: string; transcript: string }[] {
  const chunks: { title: string; transcript: string }[] = [];
  for (const file of ['creative-01.txt', 'creative-02.txt', 'creative-03.txt']) {
    const text = readFileSync(path.join(EXAMPLES, file), 'utf8');
    const turns = text.split(/\n(?=(?:Assistant|AI|User): )/).map((t) => t.trim()).filter(Boolean);
    const pairs: string[] = [];
    for (let i = 0; i + 1 < turns.length; i++) {
      if (/^(Assistant|AI):/.test(turns[i]!) && turns[i + 1]!.startsWith('User:')) pairs.push(`${turns[i]}\n\n${turns[i + 1]}`);
    }
    for (let i = 0; i + 1 < pairs.length; i += 2) chunks.push({ title: `${file.replace('.txt', '')} part ${i / 2 + 1}`, transcript: `${pairs[i]}\n\n${pairs[i + 1]}` });
  }
  if (chunks.length < n) throw new Error(`only ${chunks.length} example interviews available`);
  return chunks.slice(0, n);
}

export function exampleQuestions(): string[] {
  return readFileSync(path.join(EXAMPLES, 'questions.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

/** Waits until the project's synthesis is idle (nothing pending or running) and covers `interviews`. */
export async function waitForSynthesis(store: Store, queue: Queue, projectId: string, interviews: number, timeoutMs = 60_000): Promise<ProjectSynthesisView> {
  const deadline = Date.now() + timeoutMs;
  let last: ProjectSynthesisView | null = null;
  while (Date.now() < deadline) {
    last = await store.getProjectSynthesis(projectId);
    const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'waiting-children');
    const busy = Object.values(counts).some((c) => c > 0);
    if (!busy && last?.committedRun?.interviews === interviews && last.latestRun?.status !== 'running') return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`synthesis of ${projectId} not settled on ${interviews} interviews; last: ${JSON.stringify(last?.latestRun)}`);
}
