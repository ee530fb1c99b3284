import { Router } from 'express';
import type { Runtime } from '../../runtime/runtime.js';
import { CreateInterviewBody, IdParam } from '../schemas.js';
import { submitInterview } from '../../flows/submit-interview.js';
import { HttpError } from '../errors.js';

export function interviewsRouter(rt: Runtime): Router {
  const router = Router();
  const deps = { store: rt.store, queues: rt.queues, queueConfig: rt.config.queues };

  router.post('/v1/interviews', async (req, res) => {
    if (!req.is('application/json')) {
      throw new HttpError(415, 'unsupported_media_type', 'send JSON (application/json) or a multipart/form-data upload');
    }
    const body = CreateInterviewBody.parse(req.body ?? {});
    const transcript = Array.isArray(body.transcript) ? JSON.stringify(body.transcript) : body.transcript;
    const result = await submitInterview(deps, {
      accountId: body.accountId ?? rt.config.defaultAccountId,
      projectId: body.projectId ?? rt.config.defaultProjectId,
      title: body.title,
      transcript,
      transcriptFormat: Array.isArray(body.transcript) ? 'json' : body.transcriptFormat,
      media: body.mediaUrl !== undefined ? { kind: 'url', url: body.mediaUrl } : undefined,
      interviewers: body.interviewers,
      questions: body.questions,
      customInstructions: body.customInstructions,
      metadata: body.metadata,
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
