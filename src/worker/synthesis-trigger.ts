import type { Processor } from 'bullmq';
import { StepJobData } from '../domain/steps.js';
import type { Runtime } from '../runtime/runtime.js';
import { pendingSynthesis, scheduleSynthesis } from '../flows/schedule-synthesis.js';
import { notifyCompleted } from './webhook-trigger.js';

/**
 * Wraps the finalize processor: once an interview's finalize has committed, its project's
 * synthesis is scheduled (debounced per project). Scheduling after the commit means a synthesis
 * always sees the interview; if Redis refuses the schedule, the finalize job fails and its retry
 * (which returns the stored result at once) schedules again. The analysis job's completion
 * webhooks are enqueued the same way (src/worker/webhook-trigger.ts), once per run.
 */
export function withSynthesisTrigger(finalize: Processor, rt: Runtime): Processor {
  return async (job, token) => {
    const data = StepJobData.parse(job.data);
    // an analysis job's project never changes: read it while finalize runs (one round trip less
    // after the commit); a read that failed meanwhile (database blip) is made again
    const early = rt.store.getJobProject(data.analysisJobId);
    early.catch(() => {});
    // and the project's pending synthesis (two Redis reads in a row): after the commit, the
    // schedule is then one call. Read a few ms early, its only use (is the pending synthesis
    // past its longest wait?) is as good; a read that failed is made again by the schedule
    const queue = rt.queues.get('synthesize');
    const pendingEarly = early.then((p) => (p ? pendingSynthesis(queue, p.id) : undefined));
    pendingEarly.catch(() => {});
    const result = await finalize(job, token);
    const project = await early.catch(() => rt.store.getJobProject(data.analysisJobId));
    if (project) {
      const pending = await pendingEarly.catch(() => undefined);
      // independent and both idempotent (a retry reschedules the same deduplicated job and
      // records the same event key): side by side, one round trip less before the job completes
      await Promise.all([
        scheduleSynthesis(queue, { projectId: project.id, projectName: project.name }, 'interview',
          { ...rt.config.synthesis, settings: rt.config.queues.synthesize, pending }),
        notifyCompleted(rt, job, project),
      ]);
    }
    return result;
  };
}
