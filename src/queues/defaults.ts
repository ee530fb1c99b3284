import type { QueueName } from './names.js';

export interface QueueSettings {
  /** Jobs one worker process runs at once on this queue. */
  concurrency: number;
  /** Total tries of a job before it stays failed (retry from Bull Board or resume). */
  attempts: number;
  /** Delay between tries; `jitter` (0..1) spreads retries of LLM-bound steps. */
  backoff: { type: 'exponential' | 'fixed'; delay: number; jitter?: number };
  /** How long a worker's lock lasts before the job is considered stalled and re-delivered. */
  lockDurationMs: number;
  /** Deadline of one attempt; the processor's AbortSignal fires when it passes. */
  timeoutMs: number;
  /** Requests per window shared by every worker process (BullMQ's Redis-backed limiter). */
  rateLimit?: { max: number; durationMs: number } | undefined;
}

const llmStep: QueueSettings = {
  concurrency: 4,
  attempts: 4,
  backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
  lockDurationMs: 60_000,
  timeoutMs: 10 * 60_000,
};

/** Defaults; every field can be overridden per queue by config (QUEUE_<NAME>_<FIELD>). */
export const QUEUE_DEFAULTS: Record<QueueName, QueueSettings> = {
  // media download + transcription can take minutes: longer lock and deadline, few at once
  transcribe: { concurrency: 2, attempts: 3, backoff: { type: 'exponential', delay: 5_000, jitter: 0.3 }, lockDurationMs: 120_000, timeoutMs: 60 * 60_000 },
  evidence: llmStep,
  // orchestration only: cheap and fast
  fanout: { concurrency: 20, attempts: 5, backoff: { type: 'fixed', delay: 1_000 }, lockDurationMs: 30_000, timeoutMs: 60_000 },
  insights: llmStep,
  personas: llmStep,
  answers: llmStep,
  finalize: { concurrency: 10, attempts: 3, backoff: { type: 'exponential', delay: 1_000 }, lockDurationMs: 30_000, timeoutMs: 60_000 },
};
