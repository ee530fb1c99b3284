import { Router } from 'express';
import type { Runtime } from '../../runtime/runtime.js';
import { IdParam, ResumeBody } from '../schemas.js';
import { startRun } from '../../flows/start-run.js';
import { HttpError } from '../errors.js';

export function analysisJobsRouter(rt: Runtime): Router {
  const router = Router();

  router.get('/v1/analysis-jobs/:id', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const job = await rt.store.getAnalysisJob(id);
    if (!job) throw new HttpError(404, 'not_found', `analysis job ${id} not found`);
    res.json(job);
  });

  router.post('/v1/analysis-jobs/:id/resume', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const body = ResumeBody.parse(req.body ?? {});
    const run = await startRun({ store: rt.store, queues: rt.queues, queueConfig: rt.config.queues }, id, body);
    res.status(202).json(run);
  });

  return router;
}
