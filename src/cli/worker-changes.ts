import type { Job, Worker } from 'bullmq';
import type { JobChanges } from './watch.js';

/**
 * Change signals from this process's own workers: a step became active, reported progress,
 * completed or failed. Each event comes after the step's write to the store (the processor
 * commits before it returns), so a read on the signal sees the new state.
 */
export function workerChanges(workers: readonly Worker[]): JobChanges {
  return (onChange) => {
    const listener = (job: Job | undefined) => {
      const id = (job?.data as { analysisJobId?: unknown } | undefined)?.analysisJobId;
      if (typeof id === 'string') onChange(id);
    };
    const events = ['active', 'progress', 'completed', 'failed'] as const;
    for (const w of workers) for (const e of events) w.on(e, listener as never);
    return () => {
      for (const w of workers) for (const e of events) w.off(e, listener as never);
    };
  };
}
