import type { Processor } from 'bullmq';
import { StepJobData } from '../domain/steps.js';
import type { Runtime } from '../runtime/runtime.js';
import { addLayer, LAYER_STARTED } from '../flows/fanout.js';

/**
 * Wraps the processor of a step that can sit right below a parallel layer (today evidence):
 * once the step has committed (or found its commit already made), the layer its job names
 * (`next`) is added as children of its parent, before this job completes. The parent is the
 * step that joins the layer (finalize; src/flows/plan.ts) or, where a layer cannot be joined, a
 * fanout; either way it is woken only when the whole layer is done. Adding after the commit
 * means a parallel step never starts before its input exists. If Redis refuses the add, this
 * job fails and its retry (which returns the stored result at once) adds again. Under a fanout,
 * a job that completed without adding (an older worker) has its fanout add the layer when it is
 * released; the return value lists the steps added here, which is how the fanout knows.
 */
export function withNextLayer(step: Processor, rt: Runtime): Processor {
  return async (job, token, signal) => {
    const result = await step(job, token, signal);
    const parentId = job.parent?.id;
    if (!job.data?.next || !parentId) return result;
    const data = StepJobData.parse(job.data);
    await addLayer(rt.queues.flows, { id: parentId, queue: job.parent!.queueKey }, data, data.next!, rt.config.queues);
    // the job's return value tells the fanout (and Bull Board) that the layer was added here
    return { ...(result as object), [LAYER_STARTED]: data.next!.steps };
  };
}
