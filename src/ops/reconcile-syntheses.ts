import type { Logger } from 'pino';
import type { Store } from '../ports/store.js';
import type { StepQueues } from '../queues/step-queues.js';
import type { QueueConfig } from '../config/index.js';

/** Job states in which no attempt of the job can still be running or come. */
const FINISHED = new Set(['completed', 'failed', 'unknown']);

/**
 * Synthesis runs the database calls running although no attempt can finish them: their Bull job
 * is gone (Redis flushed or failed over, removed by hand) or already finished. A job that stalled
 * too often is reported by the worker's 'failed' event; these are the cases no event reports.
 * Only runs older than the synthesize deadline plus one lock period are looked at, so a live
 * attempt is never touched; a job still waiting or delayed will open a new run (and mark the old
 * one abandoned) itself. Returns how many runs were failed.
 */
export async function reconcileSyntheses(deps: { store: Store; queues: StepQueues; queueConfig: QueueConfig; log: Logger; now?: () => number }, limit = 500): Promise<number> {
  const q = deps.queueConfig.synthesize;
  const now = deps.now?.() ?? Date.now();
  const stale = await deps.store.listRunningSyntheses(new Date(now - q.timeoutMs - q.lockDurationMs), limit);
  const queue = deps.queues.get('synthesize');
  let failed = 0;
  for (const run of stale) {
    const job = run.bullJobId ? await queue.getJob(run.bullJobId) : undefined;
    const state = job ? await job.getState() : 'missing';
    if (job && !FINISHED.has(state)) continue;
    const reason = job ? `lost: its job ${state} without finishing this run (worker gone)` : 'lost: its job is gone from Redis';
    // runs of this job that started before now: the run itself (and any other the same job left)
    failed += await deps.store.failSynthesisJob(run.projectId, run.bullJobId ?? '', `${reason}; recorded by the reconciler`, new Date(now));
    deps.log.warn({ runId: run.runId, projectId: run.projectId, bullJobId: run.bullJobId, state }, 'reconciler: synthesis run lost with its job');
  }
  return failed;
}
