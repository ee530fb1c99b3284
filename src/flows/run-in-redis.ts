import { isStepName, type StepName } from '../domain/steps.js';
import type { Store } from '../ports/store.js';
import type { StepQueues } from '../queues/step-queues.js';
import { runBullJobs } from './plan.js';

/** What Redis holds of one run: each queue's job state ('missing' when the job is gone). */
export interface RunInRedis {
  /** State of each of the run's BullMQ jobs, by job id ('missing' when the job is gone). */
  states: Record<string, string>;
  /** A job of the run can still make progress by itself (a worker has or will take it). */
  live: boolean;
  /** Step jobs BullMQ failed for good (no retry left), with BullMQ's reason and the job's interview title. */
  failed: { step: StepName; reason: string; title?: string | undefined }[];
}

/**
 * Reads a run's jobs from Redis. A parent in `waiting-children` is not live on its own: its
 * children are jobs of the same run, so if none of them can progress (they failed, or are
 * gone) the parent waits forever and the run needs a resume.
 */
export async function inspectRun(queues: StepQueues, analysisJobId: string, runNo: number): Promise<RunInRedis> {
  const states: Record<string, string> = {};
  const failed: RunInRedis['failed'] = [];
  let live = false;
  for (const { queue, jobId } of runBullJobs(analysisJobId, runNo)) {
    const job = await queues.get(queue).getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    states[jobId] = state;
    if (['active', 'waiting', 'wait', 'delayed', 'prioritized', 'paused'].includes(state)) live = true;
    if (job && state === 'failed' && job.finishedOn && isStepName(queue)) {
      const title = (job.data as { title?: unknown } | undefined)?.title;
      failed.push({ step: queue, reason: job.failedReason || 'failed', title: typeof title === 'string' ? title : undefined });
    }
  }
  return { states, live, failed };
}

/**
 * Writes the final failures BullMQ recorded but the database missed (it was unreachable when
 * the job failed, or the process died first), so the run shows `failed` and can be resumed.
 * Returns the failures it wrote.
 */
export async function recordMissedFailures(store: Store, analysisJobId: string, runNo: number, redis: RunInRedis,
  dbSteps?: { step: StepName; status: string }[]): Promise<RunInRedis['failed']> {
  const written: RunInRedis['failed'] = [];
  for (const f of redis.failed) {
    const known = dbSteps?.find((s) => s.step === f.step);
    if (known && (known.status === 'failed' || known.status === 'completed')) continue;
    await store.failStep(analysisJobId, runNo, f.step, f.reason, true);
    written.push(f);
  }
  return written;
}
