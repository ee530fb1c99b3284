import type { JobsOptions } from 'bullmq';
import type { QueueSettings } from '../domain/queue-settings.js';

/** How long and how many completed BullMQ jobs Redis keeps (Bull Board history). */
export const KEEP_COMPLETED = { age: 7 * 24 * 3600, count: 10_000 } as const;

/**
 * Options of every BullMQ job of a run, in the flow tree and in a layer added to a waiting parent
 * (addLayer: by the step below the layer or by a fanout) alike. FlowProducer does not apply a
 * Queue's defaultJobOptions, so attempts and backoff are given per job.
 */
export function runJobOptions(q: QueueSettings, jobId: string): JobsOptions {
  return {
    jobId,
    attempts: q.attempts,
    backoff: q.backoff,
    removeOnComplete: KEEP_COMPLETED,
    // keep failed jobs: a failed child holds its parent in waiting-children, which is what
    // lets Bull Board's Retry continue the flow (removeOnFail would release the parent)
    removeOnFail: false,
    // BullMQ keeps one stack trace per failed attempt; Bull Board then shows the same trace four
    // times. The last attempt's trace is the one an operator needs (each attempt's error is in
    // the database's step rows).
    stackTraceLimit: 1,
  };
}
