import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RetryLaterError } from '../../domain/errors.js';
import type { QuotaLimits, QuotaOptions } from './config.js';
import type { QuotaCost, QuotaFeedback, QuotaGate, QuotaKey, QuotaTicket } from './quota.js';
import { sleep } from '../../domain/abortable.js';

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

/**
 * Shared by the scripts: the bucket levels refilled to now. A provider's bucket stops refilling
 * when full, and it only starts to drain when our request reaches it, later than our
 * reservation; so the refill of our bucket is capped at capacity minus what calls in flight
 * have reserved (the `pending` set, each entry expiring with its reservation), or our bucket
 * could run ahead of the provider's and admit a call it will refuse. In effect no more than a
 * window's quota is ever in flight, which binds only when calls take longer than the window.
 */
const REFILL = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local pendingKey = KEYS[n + 1]
redis.call('ZREMRANGEBYSCORE', pendingKey, '-inf', now)
local pending = {}
for i = 1, n do pending[i] = 0 end
for _, m in ipairs(redis.call('ZRANGE', pendingKey, 0, -1)) do
  local i = 0
  for amount in string.gmatch(m, '|([^|]+)') do
    i = i + 1
    if i <= n then pending[i] = pending[i] + tonumber(amount) end
  end
end
local function level(i, cap)
  local b = redis.call('HMGET', KEYS[i], 'level', 'ts')
  local l = tonumber(b[1]) or cap
  local ts = tonumber(b[2]) or now
  local ceiling = math.max(l, cap - pending[i])
  return math.min(ceiling, l + math.max(0, now - ts) * cap / window)
end
local function store(i, l)
  redis.call('HSET', KEYS[i], 'level', tostring(l), 'ts', tostring(now))
  -- an idle bucket is full again after a window; it lives as long as the calls it is waiting for
  redis.call('PEXPIRE', KEYS[i], math.max(window * 2, redis.call('PTTL', pendingKey)))
end
`;

/** KEYS: buckets..., pending, blocked. ARGV: window, n, member ("id|cost1|cost2..."), ttl ms, then per bucket: capacity, cost. */
const ACQUIRE = `${REFILL}
local blocked = tonumber(redis.call('GET', KEYS[n + 2]) or '0')
if blocked > now then return blocked - now end
local levels = {}
local wait = 0
for i = 1, n do
  local cap = tonumber(ARGV[3 + 2 * i])
  local cost = tonumber(ARGV[4 + 2 * i])
  levels[i] = level(i, cap)
  -- a call larger than the whole bucket waits for a full bucket instead of forever
  local need = math.min(cost, cap)
  if levels[i] < need then
    local w = math.ceil((need - levels[i]) * window / cap)
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
for i = 1, n do store(i, levels[i] - tonumber(ARGV[4 + 2 * i])) end
redis.call('ZADD', pendingKey, now + tonumber(ARGV[4]), ARGV[3])
redis.call('PEXPIRE', pendingKey, math.max(window * 2, tonumber(ARGV[4])))
return 0
`;

/**
 * KEYS: buckets..., pending. ARGV: window, n, member to remove (or ""), then per bucket:
 * capacity, tokens to take (negative gives back), at-most level (or -1).
 */
const ADJUST = `${REFILL}
for i = 1, n do
  local cap = tonumber(ARGV[1 + 3 * i])
  local delta = tonumber(ARGV[2 + 3 * i])
  local atMost = tonumber(ARGV[3 + 3 * i])
  local l = level(i, cap) - delta
  if atMost >= 0 and l > atMost then l = atMost end
  store(i, math.max(-cap, math.min(cap, l)))
end
if ARGV[3] ~= '' then redis.call('ZREM', pendingKey, ARGV[3]) end
return 0
`;

const BLOCK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > cur then redis.call('SET', KEYS[1], tostring(untilMs), 'PX', tonumber(ARGV[1])) end
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

  private keys(key: QuotaKey, buckets: Bucket[]): { buckets: string[]; pending: string; blocked: string } {
    // one hash tag per provider+model: all its keys live in one Redis Cluster slot
    const base = `${this.options.keyPrefix}:{${key.provider}|${key.model}}`;
    return { buckets: buckets.map((b) => `${base}:${b}`), pending: `${base}:pending`, blocked: `${base}:blocked` };
  }

  async acquire(key: QuotaKey, cost: QuotaCost, signal: AbortSignal, opts: { mayDefer?: boolean; ttlMs?: number } = {}): Promise<QuotaTicket> {
    const limits = this.limitsFor(key);
    if (limits.length === 0) return { settle: async () => {} };
    const k = this.keys(key, limits.map(([b]) => b));
    const member = `${randomUUID()}${limits.map(([b]) => `|${costIn(b, cost)}`).join('')}`;
    const ttl = opts.ttlMs ?? this.options.windowMs * 10;
    const args = [this.options.windowMs, limits.length, member, ttl, ...limits.flatMap(([b, cap]) => [cap, costIn(b, cost)])];
    const started = Date.now();
    for (;;) {
      signal.throwIfAborted();
      const wait = Number(await this.redis.iflowQuotaAcquire(limits.length + 2, ...k.buckets, k.pending, k.blocked, ...args));
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
        const deltas = limits.flatMap(([b, cap]) => [cap, costIn(b, actual) - costIn(b, cost), -1]);
        await this.redis.iflowQuotaAdjust(limits.length + 1, ...k.buckets, k.pending, this.options.windowMs, limits.length, member, ...deltas);
      },
    };
  }

  async feedback(key: QuotaKey, fb: QuotaFeedback): Promise<void> {
    const limits = this.limitsFor(key);
    const k = this.keys(key, limits.map(([b]) => b));
    if (fb.retryAfterMs && fb.retryAfterMs > 0) await this.redis.iflowQuotaBlock(1, k.blocked, Math.ceil(fb.retryAfterMs));
    if (limits.length === 0) return;
    const atMost = (b: Bucket) => (b === 'requests' ? fb.remainingRequests : b === 'tokens' ? fb.remainingTokens : undefined) ?? -1;
    await this.redis.iflowQuotaAdjust(limits.length + 1, ...k.buckets, k.pending, this.options.windowMs, limits.length, '',
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

