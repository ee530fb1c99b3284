import { Router } from 'express';
import type { Runtime } from '../../runtime/runtime.js';
import { IdParam, ResumeBody } from '../schemas.js';
import { startRun } from '../../flows/start-run.js';
import { HttpError } from '../errors.js';
import { authOf, requireScope } from '../auth-middleware.js';
import { assertOwned } from '../ownership.js';
import { toJobResponse } from '../public-schemas.js';
import { cancelRun, NotLiveError } from '../../flows/cancel-run.js';
import type { LinkSigner } from '../../auth/signed-links.js';

export function analysisJobsRouter(rt: Runtime, links: LinkSigner): Router {
  const router = Router();

  router.get('/v1/analysis-jobs/:id', requireScope('read'), async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const { accountId } = authOf(res);
    const job = await rt.store.getAnalysisJob(id, { accountId });
    if (!job) throw new HttpError(404, 'not_found', `analysis job ${id} not found`);
    res.json(toJobResponse(job, await links.forAccount(accountId)));
  });

  router.post('/v1/analysis-jobs/:id/resume', requireScope('interviews:write'), async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is('application/json')) {
      // a cross-site form or text/plain post cannot set this type without a CORS preflight
      throw new HttpError(415, 'unsupported_media_type', 'send the resume options as application/json');
    }
    const body = ResumeBody.parse(req.body ?? {});
    // another account's job is "not found", before anything is started
    await assertOwned(rt, res, 'analysis_job', id);
    const run = await startRun({ store: rt.store, queues: rt.queues, queueConfig: rt.config.queues }, id, body);
    res.status(202).json(run);
  });

  // cancels the live run: running steps are aborted, pending jobs removed; resume continues it
  router.post('/v1/analysis-jobs/:id/cancel', requireScope('interviews:write'), async (req, res) => {
    const { id } = IdParam.parse(req.params);
    // another account's job is "not found", before anything is cancelled
    await assertOwned(rt, res, 'analysis_job', id);
    try {
      const out = await cancelRun({ store: rt.store, queues: rt.queues, connection: rt.connection, prefix: rt.config.queuePrefix }, id);
      res.status(202).json(out);
    } catch (err) {
      if (err instanceof NotLiveError) throw new HttpError(409, 'not_live', err.message, { status: err.status });
      throw err;
    }
  });

  return router;
}
