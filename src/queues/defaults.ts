import type { QueueSettings } from '../domain/queue-settings.js';

export type { QueueSettings };

/**
 * Queues beside the per-interview steps, with their defaults. Register a new one (a project-level
 * queue, a reconciler) here and give it a processor in src/worker/step-workers.ts
 * (NON_STEP_PROCESSORS, whose type demands one per entry); names, config variables, workers,
 * Bull Board and /metrics follow.
 */
export const NON_STEP_QUEUE_DEFAULTS = {
  // orchestration only (src/flows/fanout.ts): cheap and fast
  fanout: { concurrency: 20, attempts: 5, backoff: { type: 'fixed', delay: 1_000 }, lockDurationMs: 30_000, timeoutMs: 60_000 },
  // one study-level synthesis per project (src/processors/synthesize.ts): reads the whole project
  // in one call; deduplication keeps at most one running and one waiting per project
  synthesize: { concurrency: 2, attempts: 3, backoff: { type: 'exponential', delay: 5_000, jitter: 0.3 }, lockDurationMs: 120_000, timeoutMs: 15 * 60_000 },
  // completion webhooks (src/processors/deliver-webhook.ts): one job per delivery, retried with
  // exponential backoff (about 10 s, 20 s, ... 5 min: ~10 min in all); timeoutMs bounds one POST
  webhooks: { concurrency: 10, attempts: 7, backoff: { type: 'exponential', delay: 10_000, jitter: 0.2 }, lockDurationMs: 60_000, timeoutMs: 10_000 },
} as const satisfies Record<string, QueueSettings>;

export type NonStepQueueName = keyof typeof NON_STEP_QUEUE_DEFAULTS;
