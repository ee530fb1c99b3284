/**
 * Provider quotas (requests and tokens per minute per provider+model) shared by every worker
 * process. The wrapper (llm-call.ts) asks for capacity before each call and reports what the call
 * really used after it; a 429's headers are fed back. The Redis implementation is
 * redis-quota.ts; without a configured quota there is no gate.
 */

export interface QuotaCost {
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

export interface QuotaKey {
  /** Provider kind and base URL (two gateways serving the same model name have separate quotas). */
  provider: string;
  model: string;
}

/** What a provider's 429 said about its limits. */
export interface QuotaFeedback {
  retryAfterMs?: number | undefined;
  remainingRequests?: number | undefined;
  remainingTokens?: number | undefined;
}

export interface QuotaTicket {
  /** Replaces the reserved estimate by the tokens the provider reported (0 requests = refund the request). */
  settle(actual: QuotaCost): Promise<void>;
}

export interface QuotaGate {
  /**
   * Waits until the call fits (up to the gate's inline wait), then reserves its cost. A longer
   * wait throws RetryLaterError, so the step becomes a delayed job without using an attempt,
   * unless `mayDefer` is false (a step that already paid for earlier calls waits in the worker
   * rather than start again later and pay for them twice). `ttlMs`: how long the call can take
   * at most; an unsettled reservation (crashed worker) stops holding capacity after it.
   */
  acquire(key: QuotaKey, cost: QuotaCost, signal: AbortSignal, opts?: { mayDefer?: boolean; ttlMs?: number }): Promise<QuotaTicket>;
  /** A provider 429: stop everyone for Retry-After and lower the buckets to what the headers say remains. */
  feedback(key: QuotaKey, fb: QuotaFeedback): Promise<void>;
}

/** Parses x-ratelimit-remaining-* headers (OpenAI) and anthropic-ratelimit-*-remaining (Anthropic). */
export function quotaFeedbackFrom(headers: Record<string, unknown>, retryAfterMs: number | undefined): QuotaFeedback {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), Number(v)]));
  const pick = (...names: string[]) => names.map((n) => h[n]).find((v) => v !== undefined && Number.isFinite(v));
  return {
    retryAfterMs,
    remainingRequests: pick('x-ratelimit-remaining-requests', 'anthropic-ratelimit-requests-remaining'),
    remainingTokens: pick('x-ratelimit-remaining-tokens', 'anthropic-ratelimit-tokens-remaining', 'anthropic-ratelimit-input-tokens-remaining'),
  };
}
