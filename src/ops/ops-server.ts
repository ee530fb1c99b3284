import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpsRuntime } from './ops-runtime.js';

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

/** How long a readiness check may take before its dependency counts as unavailable. */
export const READINESS_TIMEOUT_MS = 2_000;

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * A worker's own port (METRICS_PORT) for probes and scraping: GET /healthz (the process is up),
 * /readyz (it can reach the database and Redis), /metrics (Prometheus text format).
 */
export async function startOpsServer(rt: Pick<OpsRuntime, 'store' | 'connection' | 'log' | 'metrics'>, port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return send(405, 'application/json', JSON.stringify({ error: { code: 'method_not_allowed', message: 'GET only' } }));
    if (path === '/healthz') return send(200, 'application/json', JSON.stringify({ status: 'ok' }));
    if (path === '/readyz') {
      void readiness(rt).then((r) => send(r.ok ? 200 : 503, 'application/json', JSON.stringify(r.body)));
      return;
    }
    if (path === '/metrics') {
      void rt.metrics.text().then(
        (text) => send(200, rt.metrics.registry.contentType, text),
        () => send(503, 'application/json', JSON.stringify({ error: { code: 'metrics_unavailable', message: 'metrics could not be collected' } })),
      );
      return;
    }
    send(404, 'application/json', JSON.stringify({ error: { code: 'not_found', message: `no route for GET ${path}` } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
