import { Router, type RequestHandler } from 'express';
import type { Runtime } from '../../runtime/runtime.js';
import { QUEUE_NAMES } from '../../queues/names.js';

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

/** Prometheus text format: jobs per queue and state (every account's), behind `guard`. */
export function metricsRouter(rt: Runtime, guard: RequestHandler): Router {
  const router = Router();
  router.get('/metrics', guard, async (_req, res) => {
    const lines = ['# HELP interview_flow_jobs Jobs per queue and state.', '# TYPE interview_flow_jobs gauge'];
    for (const name of QUEUE_NAMES) {
      const counts = await rt.queues.get(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'waiting-children');
      for (const [state, n] of Object.entries(counts)) lines.push(`interview_flow_jobs{queue="${name}",state="${state}"} ${n}`);
    }
    res.type('text/plain; version=0.0.4').send(lines.join('\n') + '\n');
  });

  return router;
}
