import type { Redis } from 'ioredis';
import { RetryLaterError } from '../../domain/errors.js';
import type { QuotaLimits, QuotaOptions } from './config.js';
import type { QuotaCost, QuotaFeedback, QuotaGate, QuotaKey, QuotaTicket } from './quota.js';

/**
 * Provider quotas as token buckets in Redis, shared by every worker process: one bucket per
 * limit (requests, tokens, input tokens, output tokens per window) per provider+model, refilled
 * continuously (capacity per window, like the providers' own limiters). A call is admitted only
 * when EVERY bucket has room, and then takes from all of them, atomically in one Lua script, on
 * Redis's clock (pods' clocks may differ). rate-limiter-flexible was the first choice, but its
 * limiters take the same points from each limiter of a union and count fixed windows, which
 * lets twice the limit through around a window edge; a provider's rolling limit would 429 that.
 * After the call the estimate is replaced by the tokens the provider reported.
 */

const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local blocked = tonumber(redis.call('GET', KEYS[n + 1]) or '0')
if blocked > now then return blocked - now end
local levels = {}
local wait = 0
for i = 1, n do
  local cap = tonumber(ARGV[1 + 2 * i])
  local cost = tonumber(ARGV[2 + 2 * i])
  local b = redis.call('HMGET', KEYS[i], 'level', 'ts')
  local level = tonumber(b[1]) or cap
  local ts = tonumber(b[2]) or now
  level = math.min(cap, level + (now - ts) * cap / window)
  levels[i] = level
  -- a call larger than the whole bucket waits for a full bucket instead of forever
  local need = math.min(cost, cap)
  if level < need then
    local w = math.ceil((need - level) * window / cap)
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
for i = 1, n do
  redis.call('HSET', KEYS[i], 'level', tostring(levels[i] - tonumber(ARGV[2 + 2 * i])), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[i], window * 2)
end
return 0
`;

/** ARGV: window, n, then per bucket: capacity, delta to take (negative gives back), cap-at (or -1). */
const ADJUST = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
for i = 1, n do
  local cap = tonumber(ARGV[3 * i])
  local delta = tonumber(ARGV[3 * i + 1])
  local at_most = tonumber(ARGV[3 * i + 2])
  local b = redis.call('HMGET', KEYS[i], 'level', 'ts')
  local level = tonumber(b[1]) or cap
  local ts = tonumber(b[2]) or now
  level = math.min(cap, level + (now - ts) * cap / window) - delta
  if at_most >= 0 and level > at_most then level = at_most end
  level = math.max(-cap, math.min(cap, level))
  redis.call('HSET', KEYS[i], 'level', tostring(level), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[i], window * 2)
end
return 0
`;

const BLOCK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ms = now + tonumber(ARGV[1])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ms > cur then redis.call('SET', KEYS[1], tostring(until_ms), 'PX', tonumber(ARGV[1])) end
return 0
`;

type Bucket = 'requests' | 'tokens' | 'inputTokens' | 'outputTokens';
const BUCKETS: Array<[Bucket, keyof QuotaLimits]> = [
  ['requests', 'rpm'], ['tokens', 'tpm'], ['inputTokens', 'inputTpm'], ['outputTokens', 'outputTpm'],
];

const costIn = (b: Bucket, c: QuotaCost) =>
  b === 'requests' ? c.requests : b === 'tokens' ? c.inputTokens + c.outputTokens : b === 'inputTokens' ? c.inputTokens : c.outputTokens;

type Evaler = Redis & {
  iflowQuotaAcquire(keys: number, ...args: Array<string | number>): Promise<number>;
  iflowQuotaAdjust(keys: number, ...args: Array<string | number>): Promise<number>;
  iflowQuotaBlock(keys: number, ...args: Array<string | number>): Promise<number>;
};

export class RedisQuotaGate implements QuotaGate {
  private readonly redis: Evaler;

  constructor(redis: Redis, private readonly options: QuotaOptions) {
    // EVALSHA with EVAL fallback (ioredis), on the caller's connection
    if (!('iflowQuotaAcquire' in redis)) {
      redis.defineCommand('iflowQuotaAcquire', { lua: ACQUIRE });
      redis.defineCommand('iflowQuotaAdjust', { lua: ADJUST });
      redis.defineCommand('iflowQuotaBlock', { lua: BLOCK });
    }
    this.redis = redis as Evaler;
  }

  /** The limits for a model: its own entry (by model name), else the defaults. */
  limitsFor(key: QuotaKey): Array<[Bucket, number]> {
    const own = this.options.models[key.model] ?? this.options.models[`${key.provider.split('@')[0]}:${key.model}`];
    const limits = { ...this.options.default, ...own };
    return BUCKETS.flatMap(([bucket, name]) => (limits[name] ? [[bucket, limits[name]] as [Bucket, number]] : []));
  }

  private keys(key: QuotaKey, buckets: Bucket[]): string[] {
    // one hash tag per provider+model: all its buckets live in one Redis Cluster slot
    const base = `${this.options.keyPrefix}:{${key.provider}|${key.model}}`;
    return [...buckets.map((b) => `${base}:${b}`), `${base}:blocked`];
  }

  async acquire(key: QuotaKey, cost: QuotaCost, signal: AbortSignal, opts: { mayDefer?: boolean } = {}): Promise<QuotaTicket> {
    const limits = this.limitsFor(key);
    if (limits.length === 0) return { settle: async () => {} };
    const keys = this.keys(key, limits.map(([b]) => b));
    const args = [this.options.windowMs, limits.length, ...limits.flatMap(([b, cap]) => [cap, costIn(b, cost)])];
    const started = Date.now();
    for (;;) {
      signal.throwIfAborted();
      const wait = Number(await this.redis.iflowQuotaAcquire(keys.length, ...keys, ...args));
      if (wait === 0) break;
      const waited = Date.now() - started;
      if ((opts.mayDefer ?? true) && waited + wait > this.options.maxWaitMs) {
        // a long wait frees the worker: the step becomes a delayed job, no attempt used
        throw new RetryLaterError(`waiting for the ${key.model} quota (${describe(limits, this.options.windowMs)}, shared by every worker)`, wait + jitter());
      }
      await sleep(wait + jitter(), signal);
    }
    return {
      settle: async (actual) => {
        const deltas = limits.map(([b, cap]) => [cap, costIn(b, actual) - costIn(b, cost), -1]);
        await this.redis.iflowQuotaAdjust(keys.length - 1, ...keys.slice(0, -1), this.options.windowMs, limits.length, ...deltas.flat());
      },
    };
  }

  async feedback(key: QuotaKey, fb: QuotaFeedback): Promise<void> {
    const limits = this.limitsFor(key);
    const keys = this.keys(key, limits.map(([b]) => b));
    if (fb.retryAfterMs && fb.retryAfterMs > 0) await this.redis.iflowQuotaBlock(1, keys[keys.length - 1]!, Math.ceil(fb.retryAfterMs));
    if (limits.length === 0) return;
    const atMost = (b: Bucket) => (b === 'requests' ? fb.remainingRequests : b === 'tokens' ? fb.remainingTokens : undefined) ?? -1;
    await this.redis.iflowQuotaAdjust(keys.length - 1, ...keys.slice(0, -1), this.options.windowMs, limits.length,
      ...limits.flatMap(([b, cap]) => [cap, 0, atMost(b)]));
  }
}

function describe(limits: Array<[Bucket, number]>, windowMs: number): string {
  const per = windowMs === 60_000 ? 'min' : `${windowMs} ms`;
  const label: Record<Bucket, string> = { requests: 'requests', tokens: 'tokens', inputTokens: 'input tokens', outputTokens: 'output tokens' };
  return limits.map(([b, cap]) => `${cap} ${label[b]}/${per}`).join(', ');
}

/** Spreads waiters that woke for the same refill, so they do not all retry at the same millisecond. */
const jitter = () => Math.floor(Math.random() * 50);

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => { signal.removeEventListener('abort', onAbort); resolve(); };
    const timer = setTimeout(done, ms);
    const onAbort = () => { clearTimeout(timer); reject(signal.reason); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
