import type { OpsRuntime } from './ops-runtime.js';

/** How long a readiness check may take before its dependency counts as unavailable. */
export const READINESS_TIMEOUT_MS = 2_000;

/**
 * Readiness of a process (the API's /readyz and a worker's ops port): the database and Redis
 * answer. The answer names no driver text (it may name hosts and users, and probes are
 * unauthenticated): a failed check is 'unavailable' there and its reason goes to the log.
 */
export async function readiness(rt: Pick<OpsRuntime, 'store' | 'connection' | 'log'>, timeoutMs = READINESS_TIMEOUT_MS): Promise<{ ok: boolean; body: Record<string, string> }> {
  // a Redis client queues commands while it reconnects (maxRetriesPerRequest: null, as BullMQ
  // needs), so an unreachable Redis never answers a ping: each check has a deadline
  const checks = await Promise.allSettled([within(rt.store.ping(), timeoutMs), within(rt.connection.ping(), timeoutMs)]);
  const [database, redis] = checks.map((c, i) => {
    if (c.status === 'fulfilled') return 'ok';
    rt.log.error({ check: i === 0 ? 'database' : 'redis', err: (c.reason as Error)?.message }, 'readiness check failed');
    return 'unavailable';
  }) as [string, string];
  const ok = database === 'ok' && redis === 'ok';
  return { ok, body: { status: ok ? 'ready' : 'not_ready', database, redis } };
}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
