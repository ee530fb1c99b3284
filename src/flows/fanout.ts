import { FlowProducer, WaitingChildrenError, type Job } from 'bullmq';
import { FanoutJobData, type LayerStart, type StepJobData } from '../domain/steps.js';
import type { QueueConfig } from '../config/index.js';
import { runFlowJob } from './run-job.js';

/**
 * Adds a layer's steps as children of a waiting parent (the step joining the layer, or a fanout
 * job), in one addBulk.
 * Deterministic jobIds make it idempotent: a step already added stays as it is (a completed one
 * is recorded as its parent's processed child), so the step below the fanout and the fanout
 * itself may both add the layer, and a crash between adding and what follows is harmless.
 */
export async function addLayer(flows: FlowProducer, parent: { id: string; queue: string }, run: Omit<StepJobData, 'next'>,
  layer: LayerStart, queues: QueueConfig): Promise<void> {
  await flows.addBulk(layer.steps.map((step) => {
    // the retry settings the run was opened with (this worker's own only for older jobs)
    const job = runFlowJob(run, step, step, { ...queues[step], ...layer.stepOptions?.[step] });
    return { ...job, opts: { ...job.opts, parent } };
  }));
}

/** The key of a step job's return value listing the layer it added (src/worker/next-layer.ts). */
export const LAYER_STARTED = 'startedLayer';

function addedLayer(value: unknown, steps: readonly string[]): boolean {
  const started = (value as Record<string, unknown> | null)?.[LAYER_STARTED];
  return Array.isArray(started) && steps.every((s) => started.includes(s));
}

/**
 * The fanout job (BullMQ's step-job pattern) joins a parallel layer that no single step after it
 * can join (src/flows/plan.ts; with today's table finalize joins insights, personas and answers
 * itself, and only runs opened before that have a fanout). The step below it normally adds the
 * layer as the fanout's children right after its commit (src/worker/next-layer.ts), so the
 * fanout is woken only when the whole layer is done: it finds that step's return value saying
 * so among its children's and completes, which releases the next layer. When the layer was not
 * added below (a resume that starts at this layer, or a job of an older worker), the fanout adds
 * it itself in one addBulk and waits for it.
 */
export function createFanoutProcessor(flows: FlowProducer, queues: QueueConfig) {
  return async function fanout(job: Job, token?: string): Promise<{ children: string[] }> {
    const data = FanoutJobData.parse(job.data);
    if (data.phase === 'start') {
      // one read: a child below that added the layer says so in its return value; the fanout was
      // released, so the layer is done (or a step of it was removed in Bull Board: then finalize
      // refuses, as when the fanout itself added the layer)
      const children = Object.values((await job.getChildrenValues()) ?? {}) as unknown[];
      if (children.some((v) => addedLayer(v, data.steps))) return { children: data.steps };
      await addLayer(flows, { id: job.id!, queue: job.queueQualifiedName }, data, data, queues);
      await job.updateData({ ...data, phase: 'wait' });
      // best effort and not waited for: a Bull Board line must not delay the layer
      job.log(`${new Date().toISOString()} started ${data.steps.join(', ')} in parallel; waiting for them`).catch(() => 0);
    }
    if (token && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();
    return { children: data.steps };
  };
}
