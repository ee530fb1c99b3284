import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queue } from 'bullmq';
import type { Store } from '../../src/ports/store.js';
import type { ProjectSynthesisView } from '../../src/ports/synthesis-store.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/synthesis');

/**
 * Up to 20 real interviews of one study (test/fixtures/synthesis/creatives-20.csv, Anthropic
 * Interviewer dataset, CC-BY; see the README there), in id order.
 */
export function studyInterviews(n: number): { title: string; transcript: string }[] {
  const rows = parse(readFileSync(path.join(FIXTURES, 'creatives-20.csv'), 'utf8'), { columns: true }) as { transcript_id: string; text: string }[];
  if (rows.length < n) throw new Error(`only ${rows.length} fixture interviews`);
  return rows.slice(0, n).map((r) => ({ title: r.transcript_id, transcript: r.text }));
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
