import { QueueEvents, type Queue } from 'bullmq';
import type { Store } from '../ports/store.js';
import type { ProjectSynthesisView } from '../ports/synthesis-store.js';
import { duplicateConnection, type RedisConnection } from '../queues/connection.js';
import { scheduleSynthesis, synthesisDedupId, type ScheduleSynthesisOptions } from './schedule-synthesis.js';

/**
 * Asks for the project's synthesis now and waits until a run that began after the request has
 * finished and nothing is pending, so the result covers every interview finished before the call.
 * A debounced synthesis already pending is moved to now (no extra run); one already running is
 * followed by one more (keepLastIfActive). Returns the synthesis as then stored.
 *
 * Driven by the synthesize queue's events (a job completed or failed): the state is read again
 * when one arrives, not on a timer; `pollMs` (default 5 s) is only a safety net for a missed event.
 */
export async function synthesizeAndWait(
  deps: { store: Store; queue: Queue; connection: RedisConnection },
  project: { projectId: string; projectName: string },
  opts: ScheduleSynthesisOptions & { timeoutMs: number; pollMs?: number },
): Promise<ProjectSynthesisView> {
  // listening before scheduling: a synthesis that finishes at once is not missed
  const connection = duplicateConnection(deps.connection);
  const events = new QueueEvents(deps.queue.name, { connection, prefix: deps.queue.opts.prefix });
  events.on('error', () => { /* reconnects by itself; the safety poll covers the gap */ });
  // an event during the reads below must not be lost: it marks the state as changed
  let changed = false;
  let wake: (() => void) | null = null;
  const onFinished = () => { changed = true; wake?.(); };
  events.on('completed', onFinished);
  events.on('failed', onFinished);
  try {
    await events.waitUntilReady();
    const before = await deps.store.getProjectSynthesis(project.projectId);
    const after = before?.latestRun?.generation ?? 0;
    await scheduleSynthesis(deps.queue, project, 'manual', opts);
    const deadline = Date.now() + opts.timeoutMs;
    for (;;) {
      changed = false;
      const view = await deps.store.getProjectSynthesis(project.projectId);
      const latest = view?.latestRun;
      const pending = await deps.queue.getDeduplicationJobId(synthesisDedupId(project.projectId));
      if (view && latest && latest.generation > after && latest.status !== 'running' && !pending) return view;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`synthesis of project ${project.projectId} did not finish within ${Math.round(opts.timeoutMs / 1000)} s`);
      if (changed) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, opts.pollMs ?? 5_000));
        wake = () => { clearTimeout(timer); resolve(); };
      });
      wake = null;
    }
  } finally {
    await events.close().catch(() => {});
    connection.disconnect();
  }
}
