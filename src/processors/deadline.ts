import { StepTimeoutError } from '../domain/errors.js';
import { untilAborted } from '../domain/abortable.js';

/**
 * Runs `work` under a deadline of `timeoutMs`: the signal it gets aborts when the deadline passes
 * (AbortSignal.timeout) or when `cancel` aborts (BullMQ's per-job cancellation signal), and a port
 * that ignores the signal still cannot hold the worker past it. A missed deadline surfaces as a
 * StepTimeoutError naming the job, whatever the port threw on abort, so it is retried like any
 * transient failure and reads the same in the step's error column.
 */
export async function withDeadline<T>(
  name: string, timeoutMs: number, work: (signal: AbortSignal) => Promise<T>, cancel?: AbortSignal,
): Promise<T> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
  try {
    return await untilAborted(work(signal), signal);
  } catch (err) {
    if (timeout.aborted) throw new StepTimeoutError(`${name} exceeded its ${timeoutMs} ms deadline`);
    throw err;
  }
}
