import { Router, type RequestHandler } from 'express';
import type { Runtime } from '../../runtime/runtime.js';
import { IdParam } from '../schemas.js';
import { readInterviewRequest } from '../interview-input.js';
import { submitInterview } from '../../flows/submit-interview.js';
import { HttpError } from '../errors.js';
import { authOf, requireScope } from '../auth-middleware.js';
import { withIdempotencyKey } from '../idempotency.js';
import type { AuthConfig } from '../../auth/auth-config.js';

export interface InterviewsRouterOptions {
  /** Rate limit and in-flight cap for submissions (src/api/rate-limits.ts); default none. */
  submissionLimit?: RequestHandler;
  /** Bounds on a submitted transcript; default none. */
  transcript?: Pick<AuthConfig['limits'], 'transcriptChars' | 'transcriptLines'>;
}

export function interviewsRouter(rt: Runtime, opts: InterviewsRouterOptions = {}): Router {
  const router = Router();
  const deps = { store: rt.store, queues: rt.queues, queueConfig: rt.config.queues };

  const submissionLimit: RequestHandler = opts.submissionLimit ?? ((_req, _res, next) => next());
  router.post('/v1/interviews', requireScope('interviews:write'), submissionLimit, async (req, res) => {
    const submission = withIdempotencyKey(req, await readInterviewRequest(req, rt, authOf(res).accountId));
    if (submission.transcript !== undefined && opts.transcript) checkTranscriptSize(submission.transcript, opts.transcript);
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

/**
 * The transcript is parsed while the request waits (bad input is refused before anything is
 * written), on the event loop every other request shares: bound the work first (413).
 */
export function checkTranscriptSize(text: string, limits: NonNullable<InterviewsRouterOptions['transcript']>): void {
  if (text.length > limits.transcriptChars) {
    throw new HttpError(413, 'transcript_too_large', `the transcript has ${text.length} characters; at most ${limits.transcriptChars} (MAX_TRANSCRIPT_CHARS)`);
  }
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (++lines > limits.transcriptLines) {
      throw new HttpError(413, 'transcript_too_large', `the transcript has more than ${limits.transcriptLines} lines (MAX_TRANSCRIPT_LINES)`);
    }
  }
}
