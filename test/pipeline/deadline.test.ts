import { describe, expect, it, vi } from 'vitest';
import { withDeadline } from '../../src/processors/deadline.js';
import { StepTimeoutError } from '../../src/domain/errors.js';

/** A step body's deadline and cancellation signal (src/processors/deadline.ts), without a queue. */
describe('withDeadline', () => {
  it('returns the work\'s value and leaves no timer behind', async () => {
    vi.useFakeTimers();
    try {
      await expect(withDeadline('evidence', 60_000, async (signal) => (signal.aborted ? 'aborted' : 'done'))).resolves.toBe('done');
      // a deadline timer left running per step would pile up until it fires (minutes later)
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('aborts the signal at the deadline and fails with a StepTimeoutError, even for work that ignores it', async () => {
    let seen: AbortSignal | undefined;
    const hang = withDeadline('evidence', 50, (signal) => { seen = signal; return new Promise<never>(() => {}); });
    await expect(hang).rejects.toThrow(StepTimeoutError);
    await expect(hang).rejects.toThrow('evidence exceeded its 50 ms deadline');
    expect(seen!.aborted).toBe(true);
    expect((seen!.reason as DOMException).name).toBe('TimeoutError');
  });

  it('a cancel aborts with the cancel\'s reason (not a timeout), also when it was aborted before the start', async () => {
    const cancel = new AbortController();
    const running = withDeadline('answers', 60_000, (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('port saw abort')))), cancel.signal);
    cancel.abort('cancelled');
    await expect(running).rejects.toBe('cancelled');
    const already = new AbortController();
    already.abort('shutdown');
    let started: AbortSignal | undefined;
    await expect(withDeadline('answers', 60_000, async (signal) => { started = signal; return 1; }, already.signal)).rejects.toBe('shutdown');
    expect(started!.aborted).toBe(true);
  });
});
