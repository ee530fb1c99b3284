import { Router } from 'express';
import type { Runtime } from '../../runtime/runtime.js';
import { IdParam } from '../schemas.js';
import { readInterviewRequest } from '../interview-input.js';
import { submitInterview } from '../../flows/submit-interview.js';
import { HttpError } from '../errors.js';

export function interviewsRouter(rt: Runtime): Router {
  const router = Router();
  const deps = { store: rt.store, queues: rt.queues, queueConfig: rt.config.queues };

  router.post('/v1/interviews', async (req, res) => {
    const result = await submitInterview(deps, await readInterviewRequest(req, rt));
    res.status(202).location(`/v1/analysis-jobs/${result.analysisJobId}`).json(result);
  });

  router.get('/v1/interviews/:id', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const report = await rt.store.getInterviewReport(id);
    if (!report) throw new HttpError(404, 'not_found', `interview ${id} not found`);
    res.json(report);
  });

  return router;
}
