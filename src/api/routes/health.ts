import { Router, type RequestHandler } from 'express';
import type { Runtime } from '../../runtime/runtime.js';

/** Liveness and readiness: public (probes carry no credentials), and they reveal nothing. */
export function healthRouter(rt: Runtime): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // ready = both dependencies answer
  router.get('/readyz', async (_req, res) => {
    const checks = await Promise.allSettled([rt.store.ping(), rt.connection.ping()]);
    // the reason goes to the log, not to an unauthenticated caller (it may name hosts or users)
    const [db, redis] = checks.map((c, i) => {
      if (c.status === 'fulfilled') return 'ok';
      console.error(`[api] readiness: ${i === 0 ? 'database' : 'redis'} check failed:`, (c.reason as Error).message);
      return 'error';
    });
    const ok = db === 'ok' && redis === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', database: db, redis });
  });

  return router;
}

/**
 * Prometheus text format (prom-client): queue depth and oldest-waiting age per queue (every
 * account's), and the step, LLM and reconciler metrics of the workers in this process; behind
 * `guard`.
 */
export function metricsRouter(rt: Runtime, guard: RequestHandler): Router {
  const router = Router();
  router.get('/metrics', guard, async (_req, res) => {
    res.type(rt.metrics.registry.contentType).send(await rt.metrics.text());
  });

  return router;
}
