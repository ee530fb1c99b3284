import { Router, type RequestHandler, type Response } from 'express';

import type { Runtime } from '../../runtime/runtime.js';
import { IdParam } from '../schemas.js';
import { ListParams } from '../public-schemas.js';
import { InterviewStatus, JobStatus } from '../../domain/lists.js';
import { pageQuery, toPage } from '../cursor.js';
import { HttpError } from '../errors.js';
import { authOf } from '../auth-middleware.js';
import { assertOwned } from '../ownership.js';
import type { ProjectReport } from '../../domain/report.js';
import type { ProjectSynthesisView } from '../../ports/synthesis-store.js';
import { projectAnswers } from '../project-answers.js';
import { projectPersonas, projectThemes } from '../project-study.js';

export const InterviewListParams = ListParams.extend({ status: InterviewStatus.optional().describe('only interviews with this status') });
export const JobListParams = ListParams.extend({ status: JobStatus.optional().describe('only analysis jobs with this status') });

/** Lists with cursor pagination and the project-level reads (themes, personas, answers). */
export function projectListsRouter(rt: Runtime): Router {
  const router = Router();

  router.get('/v1/projects', async (req, res) => {
    const q = ListParams.parse(req.query);
    const rows = await rt.store.listProjects(pageQuery(authOf(res).accountId, q));
    res.json(toPage(rows, q.limit));
  });

  router.get('/v1/projects/:id/interviews', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const q = InterviewListParams.parse(req.query);
    await assertOwned(rt, res, 'project', id);
    const rows = await rt.store.listInterviews(id, pageQuery(authOf(res).accountId, q));
    res.json(toPage(rows, q.limit));
  });

  router.get('/v1/projects/:id/analysis-jobs', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const q = JobListParams.parse(req.query);
    await assertOwned(rt, res, 'project', id);
    const rows = await rt.store.listAnalysisJobs(id, pageQuery(authOf(res).accountId, q));
    // status first, as in every job response (jsonb does not keep key order)
    res.json(toPage(rows.map(({ status, ...rest }) => ({ status, ...rest })), q.limit));
  });

  const project = async (res: Response, id: string): Promise<ProjectReport> => {
    const report = await rt.store.getProjectReport(id);
    // another account's project is "not found", like a missing one
    if (!report || report.accountId !== authOf(res).accountId) throw new HttpError(404, 'not_found', `project ${id} not found`);
    return report;
  };

  /** A study read: the project's report with its latest synthesis, shaped by `view`. */
  const studyRead = (view: (report: ProjectReport, synthesis: ProjectSynthesisView | null) => unknown): RequestHandler => async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const p = await project(res, id);
    // the synthesis is read only once the project is known to be the caller's
    res.json(view(p, await rt.store.getProjectSynthesis(id)));
  };
  router.get('/v1/projects/:id/themes', studyRead(projectThemes));
  router.get('/v1/projects/:id/personas', studyRead(projectPersonas));
  router.get('/v1/projects/:id/answers', studyRead(projectAnswers));

  return router;
}

