/**
 * How one BullMQ queue runs its jobs. Plain data, so the step table (src/domain/steps.ts) can
 * carry each step's defaults; every field can be overridden per queue by config
 * (QUEUE_<NAME>_<FIELD>, src/config).
 */
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
  /**
   * How often a job may lose its worker (crash, kill, lock not renewed) before BullMQ fails it
   * ("stalled more than allowable limit"); read by the worker processes. Default
   * DEFAULT_MAX_STALLED_COUNT: stalls are not the step's fault, so the default is generous.
   */
  maxStalledCount?: number | undefined;
  /**
   * Jobs per window on this queue, shared by every worker process (BullMQ's Redis-backed limiter).
   * A job-level cap only: one evidence job makes several LLM requests; provider request and token
   * limits are LLM_QUOTA_* (src/analyzers/baml/redis-quota.ts).
   */
  rateLimit?: { max: number; durationMs: number } | undefined;
}

/** maxStalledCount when a queue's defaults name none (QUEUE_<NAME>_MAX_STALLED overrides). */
export const DEFAULT_MAX_STALLED_COUNT = 10;

/**
 * How long a worker waits after a failed Redis call (failover, restart) before fetching again.
 * BullMQ's default is 15 s: an idle queue's worker then slept through most of a Redis Cluster
 * failover's aftermath, and closing it waited out the same delay.
 */
export const WORKER_RUN_RETRY_DELAY_MS = 1_000;
