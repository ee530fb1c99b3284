import { Router } from 'express';
import type { Runtime } from '../../runtime/runtime.js';
import { QUEUE_NAMES } from '../../queues/names.js';

export function healthRouter(rt: Runtime): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // ready = both dependencies answer
  router.get('/readyz', async (_req, res) => {
    const checks = await Promise.allSettled([rt.store.ping(), rt.connection.ping()]);
    const [db, redis] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : `error: ${(c.reason as Error).message}`));
    const ok = db === 'ok' && redis === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', database: db, redis });
  });

  // Prometheus text format: jobs per queue and state
  router.get('/metrics', async (_req, res) => {
    const lines = ['# HELP interview_flow_jobs Jobs per queue and state.', '# TYPE interview_flow_jobs gauge'];
    for (const name of QUEUE_NAMES) {
      const counts = await rt.queues.get(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'waiting-children');
      for (const [state, n] of Object.entries(counts)) lines.push(`interview_flow_jobs{queue="${name}",state="${state}"} ${n}`);
    }
    res.type('text/plain; version=0.0.4').send(lines.join('\n') + '\n');
  });

  return router;
}
