import type { AnalysisJobView, Store } from '../ports/store.js';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/** Polls the store until every job is finished; prints each change of state to stderr. */
export async function watchJobs(store: Store, jobs: { title: string; analysisJobId: string }[], pollMs = 250): Promise<AnalysisJobView[]> {
  const last = new Map<string, string>();
  const done = new Map<string, AnalysisJobView>();
  while (done.size < jobs.length) {
    for (const [i, s] of jobs.entries()) {
      if (done.has(s.analysisJobId)) continue;
      const job = await store.getAnalysisJob(s.analysisJobId);
      if (!job) continue;
      const line = `[${i + 1}/${jobs.length}] ${s.title}: ${job.status} ${job.progress}%${job.statusLine ? ` (${job.statusLine})` : ''}`;
      if (last.get(s.analysisJobId) !== line) {
        console.error(line);
        last.set(s.analysisJobId, line);
      }
      if (FINISHED.has(job.status)) done.set(job.id, job);
    }
    if (done.size < jobs.length) await new Promise((r) => setTimeout(r, pollMs));
  }
  return jobs.map((s) => done.get(s.analysisJobId)!);
}
