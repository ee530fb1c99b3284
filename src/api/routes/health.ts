import { Router, type RequestHandler } from 'express';
import type { Runtime } from '../../runtime/runtime.js';
import { readiness } from '../../ops/readiness.js';

/** Liveness and readiness: public (probes carry no credentials), and they reveal nothing. */
export function healthRouter(rt: Runtime): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // ready = both dependencies answer (the same check as a worker's ops port)
  router.get('/readyz', async (_req, res) => {
    const r = await readiness(rt);
    res.status(r.ok ? 200 : 503).json(r.body);
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
