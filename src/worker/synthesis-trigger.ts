import type { Job, Processor } from 'bullmq';
import { StepJobData } from '../domain/steps.js';
import type { Runtime } from '../runtime/runtime.js';
import type { ProjectRef } from '../ports/synthesis-store.js';
import type { StepProcessorOptions } from '../processors/step-runner.js';
import { pendingSynthesis, scheduleSynthesis, type PendingSynthesis } from '../flows/schedule-synthesis.js';
import { notifyCompleted } from './webhook-trigger.js';

/**
 * Wraps the finalize processor (made by `makeFinalize`, given a hook on its start): once an
 * interview's finalize has committed, its project's synthesis is scheduled (debounced per
 * project). Scheduling after the commit means a synthesis always sees the interview; if Redis
 * refuses the schedule, the finalize job fails and its retry (which returns the stored result at
 * once) schedules again. The analysis job's completion webhooks are enqueued the same way
 * (src/worker/webhook-trigger.ts), once per run.
 */
export function withSynthesisTrigger(makeFinalize: (onStarted: StepProcessorOptions['onStarted']) => Processor, rt: Runtime): Processor {
  const queue = rt.queues.get('synthesize');
  /** Per job: the project finalize's start returned, and its pending synthesis, read meanwhile. */
  const started = new WeakMap<Job, { project: ProjectRef; pending: Promise<PendingSynthesis> }>();
  const finalize = makeFinalize((job, ctx) => {
    if (ctx.projectName === undefined) return; // an older database: the project is read below
    // the pending synthesis (two Redis reads in a row) while finalize runs: after the commit the
    // schedule is one call. A few ms early, its only use (is it past its longest wait?) is as
    // good; a read that failed is made again by the schedule
    const pending = pendingSynthesis(queue, ctx.projectId);
    pending.catch(() => {});
    started.set(job, { project: { id: ctx.projectId, accountId: ctx.accountId, name: ctx.projectName }, pending });
  });
  return async (job, token) => {
    const data = StepJobData.parse(job.data);
    try {
      const result = await finalize(job, token);
      const known = started.get(job);
      // the project as finalize's start returned it (an analysis job's project never changes);
      // read only when this attempt found the commit already made (a re-delivery)
      const project = known?.project ?? await rt.store.getJobProject(data.analysisJobId);
      if (project) {
        const pending = known ? await known.pending.catch(() => undefined) : undefined;
        // independent and both idempotent (a retry reschedules the same deduplicated job and
        // records the same event key): side by side, one round trip less before the job completes
        await Promise.all([
          scheduleSynthesis(queue, { projectId: project.id, projectName: project.name }, 'interview',
            { ...rt.config.synthesis, settings: rt.config.queues.synthesize, pending }),
          notifyCompleted(rt, job, project),
        ]);
      }
      return result;
    } finally {
      started.delete(job);
    }
  };
}
