import express, { type Express } from 'express';
import type { Runtime } from '../runtime/runtime.js';
import { createDashboardRouter, BULL_BOARD_PATH } from '../dashboard/bull-board.js';
import { errorHandler, sendError } from './errors.js';
import { healthRouter } from './routes/health.js';
import { interviewsRouter } from './routes/interviews.js';
import { analysisJobsRouter } from './routes/analysis-jobs.js';
import { reportsRouter } from './routes/reports.js';

/** The HTTP API and Bull Board. Express 5 forwards async errors to the error handler. */
export function createApp(rt: Runtime): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '5mb' }));
  app.use(healthRouter(rt));
  app.use(interviewsRouter(rt));
  app.use(analysisJobsRouter(rt));
  app.use(reportsRouter(rt));
  app.use(BULL_BOARD_PATH, createDashboardRouter(rt.queues.all(), { readOnly: rt.config.bullBoardReadOnly }));
  app.use((req, res) => sendError(res, 404, 'not_found', `no route for ${req.method} ${req.path}`));
  app.use(errorHandler);
  return app;
}
