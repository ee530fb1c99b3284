import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpsRuntime } from './ops-runtime.js';
import { readiness } from './readiness.js';

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
