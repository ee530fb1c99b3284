import { traceRequests } from './trace-requests.js';
import express, { type Express } from 'express';
import type { Runtime } from '../runtime/runtime.js';
import { createDashboardRouter, BULL_BOARD_PATH } from '../dashboard/bull-board.js';
import { bullBoardGuard } from './bull-board-guard.js';
import { singleAccountAuthenticator, type Authenticator } from '../auth/authenticator.js';
import { loadAuthConfig, type AuthConfig } from '../auth/auth-config.js';
import { errorHandler, sendError } from './errors.js';
import { authenticate, authOf, requireScope, requireScopeForMethod } from './auth-middleware.js';
import { createRateLimits } from './rate-limits.js';
import { inputHygiene } from './input-hygiene.js';
import { refuseCrossSiteWrites } from './same-origin.js';
import { apiHeaders, dashboardHeaders } from './security-headers.js';
import { healthRouter, metricsRouter } from './routes/health.js';
import { checkTranscriptSize, interviewsRouter } from './routes/interviews.js';
import { analysisJobsRouter } from './routes/analysis-jobs.js';
import { reportsRouter } from './routes/reports.js';
import { projectsRouter } from './routes/projects.js';
import { projectListsRouter } from './routes/project-lists.js';
import { docsRouter } from './routes/docs.js';
import { eventsRouter } from './routes/events.js';
import { estimatesRouter } from './routes/estimates.js';
import { webhooksRouter } from './routes/webhooks.js';
import { signedLinkAuth } from './signed-link-auth.js';
import { createLinkSigner, loadLinkConfig } from '../auth/signed-links.js';

export interface CreateAppOptions {
  /**
   * Who may call. Default: single-account mode (every request is the default account with
   * every scope), what `interview-flow api` uses on loopback when no credentials exist; the CLI
   * resolves the real one with resolveAuthenticator().
   */
  authenticator?: Authenticator;
  /** Rate limits and JWT settings; default: from the runtime's environment (src/auth/auth-config.ts). */
  auth?: AuthConfig;
}

/**
 * The HTTP API and Bull Board. Order matters: liveness probes are public; everything after
 * `authenticate` needs a credential, passes the per-credential rate limit and, by default, the
 * scope for its method (GET: read, others: interviews:write). Routes added below inherit all of
 * that; they must still scope their reads and writes to `authOf(res).accountId`.
 * Express 5 forwards async errors to the error handler.
 */
export function createApp(rt: Runtime, opts: CreateAppOptions = {}): Express {
  const auth = opts.auth ?? loadAuthConfig(rt.config);
  const authenticator = opts.authenticator ?? singleAccountAuthenticator(rt.config.defaultAccountId);
  const limits = createRateLimits(rt.connection, rt.config.queuePrefix, auth.limits);
  const app = express();
  app.disable('x-powered-by');
  // one span per request, first, so everything after it (and the run it starts) is in its trace
  app.use(traceRequests);
  app.use(apiHeaders);
  app.use(healthRouter(rt));
  // the API's description is public, like the health probes
  app.use(docsRouter());
  // a signed link (report or recording, opened by a browser without a header) or a credential
  const links = createLinkSigner({ config: loadLinkConfig(rt.config), redis: rt.connection, redisKey: `${rt.config.queuePrefix}:link-signing-key` });
  app.use(signedLinkAuth(rt, links));
  app.use(authenticate(authenticator, { onFailure: limits.authFailure }));
  app.use(limits.requests);

  const boards = {
    readOnly: createDashboardRouter([...rt.queues.all(), rt.queues.maintenance], { readOnly: true }),
    writable: rt.config.bullBoardReadOnly ? null : createDashboardRouter([...rt.queues.all(), rt.queues.maintenance], { readOnly: false }),
  };
  app.use(BULL_BOARD_PATH, dashboardHeaders, bullBoardGuard({ readOnly: rt.config.bullBoardReadOnly }), (req, res, next) => {
    // the write buttons only for credentials that may use them
    const board = authOf(res).scopes.has('admin:write') && boards.writable ? boards.writable : boards.readOnly;
    board(req, res, next);
  });

  app.use(refuseCrossSiteWrites);
  app.use(requireScopeForMethod);
  // job counts of every account: operators only
  app.use(metricsRouter(rt, requireScope('admin')));
  app.use(express.json({ limit: '5mb' }));
  app.use(inputHygiene);
  app.use(interviewsRouter(rt, { submissionLimit: limits.submissions, transcript: auth.limits }));
  app.use(analysisJobsRouter(rt, links));
  app.use(reportsRouter(rt, links));
  app.use(projectsRouter(rt, links));
  app.use(projectListsRouter(rt));
  app.use(eventsRouter(rt, links));
  app.use(webhooksRouter(rt));
  // an estimate parses and tokenizes its transcripts on the request too: the same bounds, summed
  app.post('/v1/estimates', (req, _res, next) => {
    const body = (req.body ?? {}) as { transcript?: unknown; interviews?: { transcript?: unknown }[] };
    const all = [body.transcript, ...(Array.isArray(body.interviews) ? body.interviews.map((i) => i?.transcript) : [])];
    const text = all.map((t) => (typeof t === 'string' ? t : Array.isArray(t) ? JSON.stringify(t).replaceAll('},{', '}\n{') : '')).join('\n');
    checkTranscriptSize(text, auth.limits);
    next();
  });
  app.use(estimatesRouter(rt));
  app.use((req, res) => sendError(res, 404, 'not_found', `no route for ${req.method} ${req.path}`));
  app.use(errorHandler);
  return app;
}
