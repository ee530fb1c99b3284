import { StepTimeoutError } from '../domain/errors.js';
import { untilAborted } from '../domain/abortable.js';

/**
 * Runs `work` under a deadline of `timeoutMs`: the signal it gets aborts when the deadline passes
 * or when `cancel` aborts (BullMQ's per-job cancellation signal), and a port that ignores the
 * signal still cannot hold the worker past it. A missed deadline surfaces as a StepTimeoutError
 * naming the job, whatever the port threw on abort, so it is retried like any transient failure
 * and reads the same in the step's error column.
 *
 * One controller and one timer, cleared when the work settles: AbortSignal.timeout +
 * AbortSignal.any did the same with two more signals per step that live until garbage
 * collection (Node keeps the signals of an `any` in a set and the timeout's timer running),
 * which cost every step measurable CPU.
 */
export async function withDeadline<T>(
  name: string, timeoutMs: number, work: (signal: AbortSignal) => Promise<T>, cancel?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, timeoutMs);
  timer.unref(); // like AbortSignal.timeout: a deadline never keeps the process alive
  const onCancel = () => controller.abort(cancel!.reason);
  if (cancel?.aborted) onCancel();
  else cancel?.addEventListener('abort', onCancel, { once: true });
  try {
    return await untilAborted(work(controller.signal), controller.signal);
  } catch (err) {
    if (timedOut) throw new StepTimeoutError(`${name} exceeded its ${timeoutMs} ms deadline`);
    throw err;
  } finally {
    clearTimeout(timer);
    cancel?.removeEventListener('abort', onCancel);
  }
}
