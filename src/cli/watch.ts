import type { AnalysisJobView, Store } from '../ports/store.js';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/** A source of "this analysis job may have changed" signals; returns its unsubscribe function. */
export type JobChanges = (onChange: (analysisJobId: string) => void) => () => void;

export interface WatchOptions {
  /**
   * Re-read every unfinished job this often even without a signal. Default 250 ms without
   * `changes`; 5 s with them (a safety net only: signals drive the reads).
   */
  pollMs?: number;
  /** Change signals (the in-process workers' events): a job is re-read as soon as it changes. */
  changes?: JobChanges;
}

/**
 * Waits until every job is finished; prints each change of state to stderr. With `changes`,
 * a job is read when a signal names it instead of every job on every tick, so watching a large
 * batch adds no polling load on the database.
 */
export async function watchJobs(store: Store, jobs: { title: string; analysisJobId: string }[], opts: WatchOptions = {}): Promise<AnalysisJobView[]> {
  const pollMs = opts.pollMs ?? (opts.changes ? 5_000 : 250);
  const last = new Map<string, string>();
  const done = new Map<string, AnalysisJobView>();
  const dirty = new Set(jobs.map((j) => j.analysisJobId)); // everything is read once at start
  let wake: (() => void) | null = null;
  const unsubscribe = opts.changes?.((id) => { dirty.add(id); wake?.(); }) ?? (() => {});
  try {
    while (done.size < jobs.length) {
      const toRead = new Set(dirty);
      dirty.clear();
      for (const [i, s] of jobs.entries()) {
        if (done.has(s.analysisJobId) || !toRead.has(s.analysisJobId)) continue;
        const job = await store.getAnalysisJob(s.analysisJobId);
        if (!job) continue;
        const line = `[${i + 1}/${jobs.length}] ${s.title}: ${job.status} ${job.progress}%${job.statusLine ? ` (${job.statusLine})` : ''}`;
        if (last.get(s.analysisJobId) !== line) {
          console.error(line);
          last.set(s.analysisJobId, line);
        }
        if (FINISHED.has(job.status)) done.set(job.id, job);
      }
      if (done.size < jobs.length && dirty.size === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            for (const j of jobs) dirty.add(j.analysisJobId);
            resolve();
          }, pollMs);
          wake = () => { clearTimeout(timer); resolve(); };
        });
        wake = null;
      }
    }
  } finally {
    unsubscribe();
  }
  return jobs.map((s) => done.get(s.analysisJobId)!);
}
