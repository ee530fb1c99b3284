import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RedisConnection } from '../queues/connection.js';
import { z } from 'zod';
import { ConfigError, type Config } from '../config/index.js';

const Env = z.object({
  /** The HMAC key of signed links; unset: a random key kept in Redis, shared by every API process. */
  LINK_SIGNING_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** How long a signed link (report, recording) stays valid. */
  SIGNED_LINK_TTL_S: z.coerce.number().int().min(10).max(7 * 24 * 3600).default(3600),
});

export interface LinkConfig {
  secret: string | undefined;
  ttlS: number;
}

export function loadLinkConfig(config: Pick<Config, 'env'>): LinkConfig {
  const cleaned = Object.fromEntries(Object.entries(config.env).filter(([, v]) => v !== undefined && v !== ''));
  const res = Env.safeParse(cleaned);
  if (!res.success) throw new ConfigError(`invalid configuration: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { secret: res.data.LINK_SIGNING_SECRET, ttlS: res.data.SIGNED_LINK_TTL_S };
}

export type LinkVerdict = 'ok' | 'expired' | 'invalid';

/**
 * Short-lived links a browser can open without an Authorization header: `<path>?exp=<unix
 * seconds>&sig=<base64url HMAC-SHA256 over path, account and expiry>`. The signature binds the
 * exact path (one resource) and the account that owns it, so a link opens nothing else.
 */
export interface LinkSigner {
  readonly ttlS: number;
  /** A signer for one account's paths, every link expiring `ttlS` from now (sync once created). */
  forAccount(accountId: string): Promise<(path: string) => string>;
  verify(path: string, accountId: string, exp: string, sig: string): Promise<LinkVerdict>;
}

function mac(key: string, path: string, accountId: string, exp: number): Buffer {
  return createHmac('sha256', key).update(`${path}\n${accountId.toLowerCase()}\n${exp}`).digest();
}

export function createLinkSigner(opts: { config: LinkConfig; redis: RedisConnection; redisKey: string; now?: () => number }): LinkSigner {
  const now = opts.now ?? (() => Date.now());
  let key: Promise<string> | undefined;
  const getKey = () => {
    if (opts.config.secret) return Promise.resolve(opts.config.secret);
    // the first process to ask creates it; every other one reads the same key
    key ??= (async () => {
      await opts.redis.set(opts.redisKey, randomBytes(32).toString('base64url'), 'NX');
      const stored = await opts.redis.get(opts.redisKey);
      if (!stored) throw new Error('link signing key missing from Redis');
      return stored;
    })().catch((err: unknown) => { key = undefined; throw err; });
    return key;
  };
  return {
    ttlS: opts.config.ttlS,
    async forAccount(accountId) {
      const k = await getKey();
      const exp = Math.floor(now() / 1000) + opts.config.ttlS;
      return (path) => `${path}?exp=${exp}&sig=${mac(k, path, accountId, exp).toString('base64url')}`;
    },
    async verify(path, accountId, exp, sig) {
      const expS = Number(exp);
      if (!/^\d{1,12}$/.test(exp) || !/^[\w-]{43}$/.test(sig)) return 'invalid';
      const expected = mac(await getKey(), path, accountId, expS);
      if (!timingSafeEqual(expected, Buffer.from(sig, 'base64url'))) return 'invalid';
      return expS * 1000 < now() ? 'expired' : 'ok';
    },
  };
}
