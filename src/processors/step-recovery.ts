import { DelayedError, type Job } from 'bullmq';
import { StoreUnavailableError } from '../domain/run-errors.js';

/** Drivers turn "cannot reach the database" into this one error class (src/store/unavailable.ts). */
export const isStoreUnavailable = (err: unknown): boolean => err instanceof StoreUnavailableError;

/** Why a step's signal fired, when it was not its own deadline. */
export const ABORT_SHUTDOWN = 'shutdown';
export const ABORT_CANCELLED = 'cancelled';

export interface RecoveryOptions {
  /** How long a finished step keeps retrying its commit while the database is unreachable. */
  commitRetryMs: number;
  /** Longest wait between two tries while the database is unreachable. */
  storeRetryMaxDelayMs: number;
}

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  const done = () => { clearTimeout(t); signal?.removeEventListener('abort', done); resolve(); };
  const t = setTimeout(done, ms);
  signal?.addEventListener('abort', done, { once: true });
});

/**
 * Commits a step's output, retrying in memory while the database is unreachable, so an outage
 * costs a wait instead of recomputing (and paying for) the output. Errors that are not about
 * reaching the database go to the caller at once. `stop` (cancel or shutdown) ends the wait.
 */
export async function commitWithRetry<T>(
  commit: () => Promise<T>,
  opts: RecoveryOptions & { stop: AbortSignal; onRetry?: (err: Error, tries: number) => void },
): Promise<T> {
  const until = Date.now() + opts.commitRetryMs;
  for (let tries = 1; ; tries++) {
    try {
      return await commit();
    } catch (err) {
      if (!isStoreUnavailable(err) || Date.now() >= until || opts.stop.aborted) throw err;
      opts.onRetry?.(err as Error, tries);
      await sleep(Math.min(opts.storeRetryMaxDelayMs, 250 * 2 ** Math.min(tries, 10), Math.max(0, until - Date.now())), opts.stop);
    }
  }
}

/**
 * Puts the job back without using an attempt (BullMQ does not count DelayedError): for waits
 * that are not the step's fault, i.e. the database being unreachable or this worker shutting
 * down. The delay grows with each consecutive wait, kept in the job's data.
 */
export async function requeueWithoutAttempt(job: Job, token: string, delayMs: number): Promise<DelayedError> {
  await job.moveToDelayed(Date.now() + delayMs, token);
  return new DelayedError();
}

/** Next wait for a job that could not reach the database (2 s, 4 s, ... capped). */
export async function storeWaitDelay(job: Job, maxDelayMs: number): Promise<number> {
  const waits = typeof job.data?.storeWaits === 'number' ? job.data.storeWaits : 0;
  // best effort: if Redis refuses this too, the wait just does not grow
  await job.updateData({ ...job.data, storeWaits: waits + 1 }).catch(() => {});
  return Math.min(maxDelayMs, 2_000 * 2 ** Math.min(waits, 10));
}

