import type { RedisConnection } from '../queues/connection.js';
import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AuthConfig } from '../auth/auth-config.js';
import { authOf } from './auth-middleware.js';
import { HttpError } from './errors.js';

export interface RateLimits {
  /** Every authenticated request, per credential. */
  requests: RequestHandler;
  /** Submissions: per-account rate and a cap on those being received at once. */
  submissions: RequestHandler;
  /** Counts a failed authentication against the client address; 429 when over. */
  authFailure(req: Request): Promise<void>;
}

/**
 * Limits shared by every API process through Redis (rate-limiter-flexible), so adding pods does
 * not multiply them. Over a limit: 429 with Retry-After.
 */
export function createRateLimits(redis: RedisConnection, prefix: string, limits: AuthConfig['limits']): RateLimits {
  const make = (name: string, points: number, duration: number) =>
    new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:rl:${name}`, points, duration });
  const requests = make('req', limits.requestsPerMinute, 60);
  const submissions = make('sub', limits.submissionsPerMinute, 60);
  const failures = make('authfail', limits.authFailuresPerMinute, 60);
  // a slot per submission in flight; the window only bounds how long a crashed process's slots live
  const inFlight = make('inflight', limits.concurrentSubmissions, 300);

  return {
    requests: async (_req, res, next) => {
      await consume(requests, authOf(res).principal, res, 'too many requests for this credential');
      next();
    },
    submissions: async (_req, res, next) => {
      const { accountId } = authOf(res);
      await consume(submissions, accountId, res, 'too many submissions for this account');
      // a refused consume still counts: give the slot back, it was never used
      await consume(inFlight, accountId, res, 'too many submissions in progress for this account', () => inFlight.reward(accountId, 1));
      let released = false;
      res.on('close', () => {
        if (released) return;
        released = true;
        inFlight.reward(accountId, 1).catch(() => {});
      });
      next();
    },
    async authFailure(req) {
      const res = req.res!;
      await consume(failures, req.socket.remoteAddress ?? 'unknown', res, 'too many failed authentications from this address');
    },
  };
}

async function consume(limiter: RateLimiterRedis, key: string, res: Response, message: string, onRefused?: () => Promise<unknown>): Promise<void> {
  try {
    await limiter.consume(key, 1);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    await onRefused?.().catch(() => {});
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    res.setHeader('Retry-After', String(seconds));
    throw new HttpError(429, 'rate_limited', `${message}; retry in ${seconds}s`);
  }
}
