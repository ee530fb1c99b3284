import { Router, type Response } from 'express';
import type { Runtime } from '../../runtime/runtime.js';
import { IdParam } from '../schemas.js';
import { HttpError } from '../errors.js';
import { loadInterviewPage, loadProjectModel } from '../../report/load.js';
import { renderProjectReport } from '../../report/html/project-page.js';
import { renderMarkdown } from '../../report/markdown.js';
import { REPORT_CSP } from '../../report/html/layout.js';
import { InvalidInputError } from '../../domain/errors.js';
import { z } from 'zod';
import { assertOwned } from '../ownership.js';
import { authOf } from '../auth-middleware.js';
import type { LinkSigner } from '../../auth/signed-links.js';

/**
 * Links inside a served report: API paths (so the same report works behind any host name),
 * signed for the owning account, so a report opened from a signed link (no Authorization
 * header) can play its recordings and open its interviews' pages.
 */
export function apiReportLinks(sign: (path: string) => string = (p) => p) {
  return {
    media: (interviewId: string) => sign(`/v1/interviews/${interviewId}/media`),
    interview: (interviewId: string) => sign(`/v1/interviews/${interviewId}/report`),
    project: (projectId: string) => sign(`/v1/projects/${projectId}/report`),
  };
}

const ReportQuery = z.object({ format: z.enum(['html', 'md']).default('html') });

function sendHtml(res: Response, body: string): void {
  res.set('Content-Security-Policy', REPORT_CSP).set('X-Content-Type-Options', 'nosniff').type('html').send(body);
}

/** The researcher's report (project and interview pages) and the recordings its quotes play. */
export function reportsRouter(rt: Runtime, links: LinkSigner): Router {
  const router = Router();

  router.get('/v1/projects/:id/report', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const { format } = ReportQuery.parse(req.query);
    await assertOwned(rt, res, 'project', id);
    const model = await loadProjectModel(rt.store, id, { links: apiReportLinks(await links.forAccount(authOf(res).accountId)) });
    if (!model) throw new HttpError(404, 'not_found', `project ${id} not found`);
    if (format === 'md') res.type('text/markdown; charset=utf-8').send(renderMarkdown(model));
    else sendHtml(res, renderProjectReport(model));
  });

  router.get('/v1/interviews/:id/report', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    await assertOwned(rt, res, 'interview', id);
    const page = await loadInterviewPage(rt.store, id, apiReportLinks(await links.forAccount(authOf(res).accountId)));
    if (!page) throw new HttpError(404, 'not_found', `interview ${id} not found`);
    sendHtml(res, page);
  });

  // The recording, with HTTP range requests (express's sendFile), so a player can seek to a quote.
  router.get('/v1/interviews/:id/media', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    await assertOwned(rt, res, 'interview', id);
    const media = await rt.store.getInterviewMedia(id);
    if (!media) throw new HttpError(404, 'not_found', `interview ${id} not found`);
    const source = media.source;
    if (source.kind === 'url') return res.redirect(302, source.url);
    if (source.kind !== 'media') throw new HttpError(404, 'no_media', `interview ${id} has no recording (it was given as a transcript)`);
    const file = await rt.mediaStore.localFile(source.path).catch((err: unknown) => {
      if (err instanceof InvalidInputError) throw new HttpError(404, 'no_media', `the recording of interview ${id} is no longer stored`);
      throw err;
    });
    res.set('Cache-Control', 'private, max-age=3600');
    await new Promise<void>((resolve, reject) => {
      res.sendFile(file.path, {
        acceptRanges: true,
        dotfiles: 'allow',
        headers: source.mimeType ? { 'Content-Type': source.mimeType } : {},
      }, (err) => {
        void file.release();
        // a client that stops listening mid-file (a seek) is not an error worth reporting
        if (err && !res.headersSent) reject(err);
        else resolve();
      });
    });
  });

  return router;
}
