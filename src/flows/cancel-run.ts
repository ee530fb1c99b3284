import { z } from 'zod';
import type { RedisConnection } from '../queues/connection.js';
import type { Store } from '../ports/store.js';
import type { StepQueues } from '../queues/step-queues.js';
import { removeRunJobs } from './start-run.js';
import { inspectRun } from './run-in-redis.js';

/** Redis pub/sub channel on which workers hear about cancelled runs (one per queue prefix). */
export function cancelChannel(prefix: string): string {
  return `${prefix}:cancel`;
}

export const CancelMessage = z.object({ analysisJobId: z.uuid(), runNo: z.number().int().positive() });
export type CancelMessage = z.infer<typeof CancelMessage>;

const REMOVE_TRIES = 20;

async function anyJobLeft(queues: StepQueues, analysisJobId: string, runNo: number): Promise<boolean> {
  const { states } = await inspectRun(queues, analysisJobId, runNo);
  return Object.values(states).some((s) => s !== 'missing');
}

export class NotLiveError extends Error {
  override name = 'NotLiveError';
  constructor(readonly status: string) {
    super(`nothing to cancel: the analysis job is ${status}`);
  }
}

/**
 * Cancels the live run of an analysis job: the store records it `cancelled` first (from then on
 * every write of the run is fenced off), then the run's pending jobs are removed from Redis and
 * every worker is told to abort the run's running steps through their AbortSignal. A later
 * resume starts a new run with the steps that did not complete.
 */
export async function cancelRun(
  deps: { store: Store; queues: StepQueues; connection: RedisConnection; prefix: string },
  analysisJobId: string,
): Promise<{ analysisJobId: string; runNo: number; status: 'cancelled' }> {
  const res = await deps.store.cancelRun(analysisJobId);
  if (!res.cancelled) throw new NotLiveError(res.status);
  const msg: CancelMessage = { analysisJobId, runNo: res.runNo };
  await deps.connection.publish(cancelChannel(deps.prefix), JSON.stringify(msg));
  // a job locked by a worker (and the parents above it) cannot be removed until the aborted
  // step has let go of it, which the signal makes quick: try again for a few seconds. What is
  // left after that is fenced off, and the next resume clears it.
  for (let i = 0; i < REMOVE_TRIES; i++) {
    await removeRunJobs(deps.queues, analysisJobId, res.runNo);
    if (!(await anyJobLeft(deps.queues, analysisJobId, res.runNo))) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { analysisJobId, runNo: res.runNo, status: 'cancelled' };
}
