import type { Queue } from 'bullmq';
import type { Store } from '../ports/store.js';
import type { ProjectSynthesisView } from '../ports/synthesis-store.js';
import { scheduleSynthesis, synthesisDedupId, type ScheduleSynthesisOptions } from './schedule-synthesis.js';

/**
 * Asks for the project's synthesis now and waits until a run that began after the request has
 * finished and nothing is pending, so the result covers every interview finished before the call.
 * A debounced synthesis already pending is moved to now (no extra run); one already running is
 * followed by one more (keepLastIfActive). Returns the synthesis as then stored.
 */
export async function synthesizeAndWait(
  deps: { store: Store; queue: Queue },
  project: { projectId: string; projectName: string },
  opts: ScheduleSynthesisOptions & { timeoutMs: number; pollMs?: number },
): Promise<ProjectSynthesisView> {
  const before = await deps.store.getProjectSynthesis(project.projectId);
  const after = before?.latestRun?.generation ?? 0;
  await scheduleSynthesis(deps.queue, project, 'manual', opts);
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const view = await deps.store.getProjectSynthesis(project.projectId);
    const latest = view?.latestRun;
    const pending = await deps.queue.getDeduplicationJobId(synthesisDedupId(project.projectId));
    if (view && latest && latest.generation > after && latest.status !== 'running' && !pending) return view;
    if (Date.now() > deadline) throw new Error(`synthesis of project ${project.projectId} did not finish within ${Math.round(opts.timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 200));
  }
}
