import {
  BamlAbortError, BamlClientFinishReasonError, BamlClientHttpError, BamlInvalidArgumentError,
  BamlTimeoutError, BamlValidationError, type Collector,
} from '@boundaryml/baml';
import { PermanentError, RetryLaterError, StepTimeoutError } from '../../domain/errors.js';

/**
 * Maps what BAML throws to the project's typed errors, so the step runner does the right thing:
 * 429 -> RetryLaterError (delayed by Retry-After, no attempt used); 5xx, timeouts, network
 * errors and unparseable output -> plain Error (retried with backoff, then failed);
 * 400/401/403/404/413/422 and context-length -> PermanentError; abort -> the signal's reason.
 */

/** Used when a 429 carries no Retry-After header and no "try again in" hint. */
export const DEFAULT_RETRY_AFTER_MS = 30_000;

export interface ErrorContext {
  fn: string;
  /** Models of the chain, for the message. */
  model: string;
  timeoutMs: number;
  signal: AbortSignal;
  collector: Collector;
}

/** Seconds or an HTTP date (Retry-After), or OpenAI's retry-after-ms / "try again in 7s" hints. */
export function parseRetryAfter(headers: Record<string, unknown>, body: string | undefined, now = Date.now()): number | undefined {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const ms = Number(h['retry-after-ms']);
  if (h['retry-after-ms'] && Number.isFinite(ms) && ms >= 0) return Math.ceil(ms);
  const ra = h['retry-after'];
  if (ra) {
    const secs = Number(ra);
    if (Number.isFinite(secs) && secs >= 0) return Math.ceil(secs * 1000);
    const date = Date.parse(ra);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const hint = body && /try again in (\d+(?:\.\d+)?)\s*(ms|s)\b/i.exec(body);
  if (hint) return Math.ceil(Number(hint[1]) * (hint[2]!.toLowerCase() === 'ms' ? 1 : 1000));
  return undefined;
}

/** The provider's own error message from a JSON error body (OpenAI and Anthropic shapes). */
export function providerMessage(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const body = JSON.parse(raw) as { error?: { message?: string } | string; message?: string };
    if (typeof body.error === 'string') return body.error;
    return body.error?.message ?? body.message ?? raw.slice(0, 300);
  } catch {
    return raw.slice(0, 300);
  }
}

const CONTEXT_LENGTH = /context[_ ]length|maximum context|prompt is too long|too many tokens|context window/i;

/** Headers of the most recent failed HTTP response with this status, from the collector. */
export function responseHeaders(collector: Collector, status: number): Record<string, unknown> {
  const calls = collector.logs.flatMap((l) => l.calls);
  for (const call of calls.reverse()) {
    const res = call.httpResponse;
    if (res && res.status === status) return (res.headers ?? {}) as Record<string, unknown>;
  }
  return {};
}

export function mapBamlError(err: unknown, c: ErrorContext): Error {
  if (c.signal.aborted || err instanceof BamlAbortError) {
    const reason: unknown = c.signal.reason;
    return reason instanceof Error ? reason : new StepTimeoutError(`${c.fn} cancelled while waiting for ${c.model}`);
  }
  if (err instanceof BamlTimeoutError) {
    return new Error(`${c.fn}: ${c.model} did not answer within ${c.timeoutMs} ms (timeout; will retry)`);
  }
  if (err instanceof BamlClientHttpError) {
    const status = err.status_code;
    if (err.raw_response === undefined && /connect|dns error|connection refused|connection reset/i.test(err.message)) {
      const url = /url: "([^"]+)"/.exec(err.message)?.[1] ?? 'the provider';
      return new Error(`${c.fn}: could not reach ${url} for ${c.model} (network error; will retry; check LLM_BASE_URL)`);
    }
    const detail = providerMessage(err.raw_response) ?? err.message.slice(0, 300);
    const what = `${c.fn}: ${c.model} returned HTTP ${status}: ${detail}`;
    if (status === 429) {
      const after = parseRetryAfter(responseHeaders(c.collector, 429), err.raw_response);
      return new RetryLaterError(`${what} (rate limited)`, after ?? DEFAULT_RETRY_AFTER_MS);
    }
    if (CONTEXT_LENGTH.test(err.raw_response ?? err.message)) {
      return new PermanentError(`${what} (context length exceeded: lower LLM_EVIDENCE_BATCH_TOKENS or LLM_CONTEXT_TOKENS, or use a model with a larger context)`);
    }
    if (status === 401 || status === 403) return new PermanentError(`${what} (credentials refused: check LLM_API_KEY)`);
    if (status === 404) return new PermanentError(`${what} (unknown model or endpoint: check LLM_MODEL and LLM_BASE_URL)`);
    if (status === 400 || status === 413 || status === 422) return new PermanentError(`${what} (request rejected)`);
    return new Error(what);
  }
  if (err instanceof BamlValidationError) {
    const raw = (err.raw_output ?? '').slice(0, 200).replace(/\s+/g, ' ');
    return new Error(`${c.fn}: ${c.model} returned output that does not match the schema (${err.message.slice(0, 300)}); output began: ${JSON.stringify(raw)}`);
  }
  if (err instanceof BamlClientFinishReasonError) {
    return new Error(`${c.fn}: ${c.model} stopped early (finish_reason=${err.finish_reason ?? 'unknown'}); output incomplete`);
  }
  if (err instanceof BamlInvalidArgumentError) {
    return new PermanentError(`${c.fn}: invalid arguments or client configuration: ${err.message}`);
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return new Error(`${c.fn}: ${c.model} call failed: ${e.message}`);
}
