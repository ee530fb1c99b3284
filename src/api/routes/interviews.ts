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
    const submission = await readInterviewRequest(req, rt);
    const result = await submitInterview(deps, submission).catch(async (err: unknown) => {
      // refused after the upload was stored: keep nothing
      if (submission.media?.kind === 'media') await rt.mediaStore.remove(submission.media.path).catch(() => {});
      throw err;
    });
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
