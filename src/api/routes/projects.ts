import { Router } from 'express';
import { z } from 'zod';
import type { Runtime } from '../../runtime/runtime.js';
import { IdParam } from '../schemas.js';
import { HttpError } from '../errors.js';
import { authOf, requireScope } from '../auth-middleware.js';
import type { LinkSigner } from '../../auth/signed-links.js';
import { assertOwned } from '../ownership.js';
import { scheduleSynthesis } from '../../flows/schedule-synthesis.js';

const RunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/**
 * Study-level synthesis of a project: read the latest, list runs, ask for a new one. Every route
 * first checks the project belongs to the caller's account (another account's reads as 404).
 */
export function projectsRouter(rt: Runtime, links: LinkSigner): Router {
  const router = Router();

  router.get('/v1/projects/:id/synthesis', requireScope('read'), async (req, res) => {
    const { id } = IdParam.parse(req.params);
    await assertOwned(rt, res, 'project', id);
    const synthesis = await rt.store.getProjectSynthesis(id);
    if (!synthesis) throw new HttpError(404, 'not_found', `project ${id} not found`);
    const sign = await links.forAccount(authOf(res).accountId);
    // the report as a signed link a browser opens without an Authorization header
    res.json({ ...synthesis, links: { report: sign(`/v1/projects/${id}/report`) } });
  });

  router.get('/v1/projects/:id/synthesis-runs', requireScope('read'), async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const { limit } = RunsQuery.parse(req.query);
    await assertOwned(rt, res, 'project', id);
    res.json({ runs: await rt.store.listSynthesisRuns(id, limit) });
  });

  router.post('/v1/projects/:id/synthesize', requireScope('interviews:write'), async (req, res) => {
    const { id } = IdParam.parse(req.params);
    await assertOwned(rt, res, 'project', id);
    const project = await rt.store.getProject(id);
    if (!project) throw new HttpError(404, 'not_found', `project ${id} not found`);
    const { jobId } = await scheduleSynthesis(rt.queues.get('synthesize'), { projectId: project.id, projectName: project.name }, 'manual',
      { ...rt.config.synthesis, settings: rt.config.queues.synthesize });
    res.status(202).json({ projectId: project.id, jobId });
  });

  return router;
}
