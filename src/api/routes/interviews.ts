import { Router } from 'express';
import type { Runtime } from '../../runtime/runtime.js';
import { IdParam } from '../schemas.js';
import { readInterviewRequest } from '../interview-input.js';
import { submitInterview } from '../../flows/submit-interview.js';
import { HttpError } from '../errors.js';
import { authOf, requireScope } from '../auth-middleware.js';
import type { RateLimits } from '../rate-limits.js';
import { withIdempotencyKey } from '../idempotency.js';

export function interviewsRouter(rt: Runtime, limits?: Pick<RateLimits, 'submissions'>): Router {
  const router = Router();
  const deps = { store: rt.store, queues: rt.queues, queueConfig: rt.config.queues };

  const submissionLimit = limits?.submissions ?? ((_req, _res, next) => next());
  router.post('/v1/interviews', requireScope('interviews:write'), submissionLimit, async (req, res) => {
    const submission = withIdempotencyKey(req, await readInterviewRequest(req, rt, authOf(res).accountId));
    const result = await submitInterview(deps, submission).catch(async (err: unknown) => {
      // refused after the upload was stored: keep nothing
      if (submission.media?.kind === 'media') await rt.mediaStore.remove(submission.media.path).catch(() => {});
      throw err;
    });
    if (result.existing) {
      // the first submission's interview: an upload sent again is not kept
      if (submission.media?.kind === 'media') await rt.mediaStore.remove(submission.media.path).catch(() => {});
      res.status(200).set('Idempotent-Replayed', 'true');
    } else {
      res.status(202);
    }
    res.location(`/v1/analysis-jobs/${result.analysisJobId}`).json(result);
  });

  router.get('/v1/interviews/:id', requireScope('read'), async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const report = await rt.store.getInterviewReport(id, { accountId: authOf(res).accountId });
    if (!report) throw new HttpError(404, 'not_found', `interview ${id} not found`);
    res.json(report);
  });

  return router;
}
