import { Router, type Request, type Response } from 'express';
import type { Runtime } from '../../runtime/runtime.js';
import type { AnalysisJobView } from '../../ports/store.js';
import { IdParam } from '../schemas.js';
import { assertOwned } from '../ownership.js';
import { toJobResponse } from '../public-schemas.js';
import { JobEventHub } from '../../queues/job-event-hub.js';
import type { LinkSigner } from '../../auth/signed-links.js';
import { authOf } from '../auth-middleware.js';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);
const open = new Set<Response>();

/** Ends every open event stream (shutdown: the server cannot close while streams stay open). */
export function endEventStreams(): void {
  for (const res of open) res.end();
}

/** Server-Sent Events: `event: job` with the job as GET returns it, a comment every 15 s. */
function startStream(req: Request, res: Response, sign: (path: string) => string): { send(job: AnalysisJobView): void; onClose(fn: () => void): void } {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no', // nginx: do not buffer the stream
  });
  res.flushHeaders();
  res.write('retry: 3000\n\n');
  open.add(res);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  const closers: (() => void)[] = [() => clearInterval(heartbeat), () => open.delete(res)];
  req.on('close', () => closers.forEach((f) => f()));
  return {
    send(job) {
      res.write(`id: ${job.id}:${job.updatedAt}\nevent: job\ndata: ${JSON.stringify(toJobResponse(job, sign))}\n\n`);
    },
    onClose(fn) { closers.push(fn); },
  };
}

/** Live progress of one analysis job, or of every job of a project. */
export function eventsRouter(rt: Runtime, links: LinkSigner): Router {
  const router = Router();
  const hub = new JobEventHub(rt.connection, rt.config.queuePrefix);

  router.get('/v1/analysis-jobs/:id/events', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    await assertOwned(rt, res, 'analysis_job', id);
    const stream = startStream(req, res, await links.forAccount(authOf(res).accountId));
    let last = '';
    let busy: Promise<void> = Promise.resolve();
    const push = (job: AnalysisJobView | null) => {
      if (!job || res.writableEnded) return;
      const key = `${job.status}|${job.progress}|${job.statusLine}|${job.updatedAt}`;
      if (key !== last) { last = key; stream.send(job); }
      if (FINISHED.has(job.status)) res.end();
    };
    // subscribe before the first read, so a change in between is not missed
    const unsubscribe = await hub.subscribe((changed) => {
      if (changed !== id) return;
      busy = busy.then(async () => push(await rt.store.getAnalysisJob(id))).catch(() => {});
    });
    stream.onClose(() => { void unsubscribe(); });
    res.on('finish', () => { void unsubscribe(); });
    push(await rt.store.getAnalysisJob(id));
  });

  router.get('/v1/projects/:id/events', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    await assertOwned(rt, res, 'project', id);
    const stream = startStream(req, res, await links.forAccount(authOf(res).accountId));
    const last = new Map<string, string>();
    let busy: Promise<void> = Promise.resolve();
    const unsubscribe = await hub.subscribe((changed) => {
      busy = busy.then(async () => {
        const job = await rt.store.getAnalysisJob(changed);
        if (!job || job.projectId !== id || res.writableEnded) return;
        const key = `${job.status}|${job.progress}|${job.statusLine}|${job.updatedAt}`;
        if (last.get(job.id) !== key) { last.set(job.id, key); stream.send(job); }
      }).catch(() => {});
    });
    stream.onClose(() => { void unsubscribe(); });
  });

  return router;
}
