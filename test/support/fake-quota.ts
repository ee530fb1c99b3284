/**
 * A provider's rate limiter, for the fake LLM servers: requests and tokens per window as token
 * buckets refilled continuously (capacity = the per-window limit), the way OpenAI and Anthropic
 * describe their limits. A request is admitted when a request and its prompt tokens are left;
 * its output tokens are taken when the answer is sent (they may take the bucket below zero,
 * which delays the next request). A refused request is a quota violation: HTTP 429 with
 * Retry-After and x-ratelimit-* headers. `windowMs` below a minute speeds the clock up.
 */
export interface FakeQuotaOptions {
  rpm: number;
  tpm: number;
  /** Length of the provider's "minute" (default 60000). */
  windowMs?: number;
}

export class FakeQuota {
  private requests: number;
  private tokens: number;
  private at = Date.now();
  readonly windowMs: number;
  /** Admitted requests and tokens taken (prompt + output), with times, for per-window figures. */
  readonly log: Array<{ at: number; tokens: number }> = [];
  violations = 0;
  /** What the buckets held when a request was refused. */
  readonly refusals: Array<{ at: number; promptTokens: number; requestsLeft: number; tokensLeft: number }> = [];

  constructor(readonly options: FakeQuotaOptions) {
    this.windowMs = options.windowMs ?? 60_000;
    this.requests = options.rpm;
    this.tokens = options.tpm;
  }

  private refill(): void {
    const now = Date.now();
    const dt = now - this.at;
    this.at = now;
    this.requests = Math.min(this.options.rpm, this.requests + (dt * this.options.rpm) / this.windowMs);
    this.tokens = Math.min(this.options.tpm, this.tokens + (dt * this.options.tpm) / this.windowMs);
  }

  /** null when admitted; else the 429's headers. */
  admit(promptTokens: number): Record<string, string> | null {
    this.refill();
    if (this.requests >= 1 && this.tokens >= Math.min(promptTokens, this.options.tpm)) {
      this.requests -= 1;
      this.tokens -= promptTokens;
      this.log.push({ at: Date.now(), tokens: promptTokens });
      return null;
    }
    this.violations += 1;
    this.refusals.push({ at: Date.now(), promptTokens, requestsLeft: this.requests, tokensLeft: this.tokens });
    const waitMs = Math.max(
      this.requests >= 1 ? 0 : ((1 - this.requests) * this.windowMs) / this.options.rpm,
      this.tokens >= promptTokens ? 0 : ((promptTokens - this.tokens) * this.windowMs) / this.options.tpm,
    );
    return {
      'retry-after-ms': String(Math.ceil(waitMs)),
      'retry-after': String(Math.ceil(waitMs / 1000)),
      'x-ratelimit-limit-requests': String(this.options.rpm),
      'x-ratelimit-remaining-requests': String(Math.max(0, Math.floor(this.requests))),
      'x-ratelimit-limit-tokens': String(this.options.tpm),
      'x-ratelimit-remaining-tokens': String(Math.max(0, Math.floor(this.tokens))),
    };
  }

  /** Output tokens of an admitted request, taken when its answer is sent. */
  charge(outputTokens: number): void {
    this.refill();
    this.tokens -= outputTokens;
    this.outputs.push({ at: Date.now(), tokens: outputTokens });
  }

  /** Tokens taken: prompts at admission, outputs when answered. */
  readonly outputs: Array<{ at: number; tokens: number }> = [];

  /**
   * Requests and tokens over the busy period (first admission to last answer), per window on
   * average and at most in any sliding window. A token bucket allows up to twice the limit in
   * one sliding window (a full bucket plus a window's refill) without any violation.
   */
  figures(): { windows: number; requests: number; tokens: number; requestsPerWindow: number; tokensPerWindow: number; peakRequests: number; peakTokens: number } {
    const events = [
      ...this.log.map((e) => ({ at: e.at, requests: 1, tokens: e.tokens })),
      ...this.outputs.map((e) => ({ at: e.at, requests: 0, tokens: e.tokens })),
    ].sort((a, b) => a.at - b.at);
    if (events.length === 0) return { windows: 0, requests: 0, tokens: 0, requestsPerWindow: 0, tokensPerWindow: 0, peakRequests: 0, peakTokens: 0 };
    let peakRequests = 0;
    let peakTokens = 0;
    let req = 0;
    let tok = 0;
    let j = 0;
    for (const e of events) {
      req += e.requests;
      tok += e.tokens;
      while (e.at - events[j]!.at >= this.windowMs) { req -= events[j]!.requests; tok -= events[j]!.tokens; j++; }
      peakRequests = Math.max(peakRequests, req);
      peakTokens = Math.max(peakTokens, tok);
    }
    const requests = this.log.length;
    const tokens = events.reduce((s, e) => s + e.tokens, 0);
    const windows = Math.max(1e-9, (events[events.length - 1]!.at - events[0]!.at) / this.windowMs);
    return { windows, requests, tokens, requestsPerWindow: requests / windows, tokensPerWindow: tokens / windows, peakRequests, peakTokens };
  }
}
