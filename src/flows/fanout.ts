import { FlowProducer, WaitingChildrenError, type Job } from 'bullmq';
import { FanoutJobData } from '../domain/steps.js';
import type { QueueConfig } from '../config/index.js';
import { bullJobId } from './bull-job-ids.js';
import { runJobOptions } from './job-options.js';
import { stepJobName } from './job-names.js';

/**
 * The fanout job (BullMQ's step-job pattern): first run adds its layer's steps (today insights,
 * personas and answers) as its own children in one addBulk and waits for them; when they are
 * all done it is woken, finds nothing pending and completes, which releases the next layer. Deterministic jobIds make a
 * crash between addBulk and updateData harmless (the second addBulk adds nothing new).
 */
export function createFanoutProcessor(flows: FlowProducer, queues: QueueConfig) {
  return async function fanout(job: Job, token?: string): Promise<{ children: string[] }> {
    const data = FanoutJobData.parse(job.data);
    if (data.phase === 'start') {
      await flows.addBulk(data.steps.map((step) => ({
        name: stepJobName(step, data),
        queueName: step,
        data: { analysisJobId: data.analysisJobId, interviewId: data.interviewId, runNo: data.runNo, ...(data.title ? { title: data.title } : {}) },
        opts: {
          // the retry settings the run was opened with (this worker's own only for older jobs)
          ...runJobOptions({ ...queues[step], ...data.stepOptions?.[step] }, bullJobId(data.analysisJobId, data.runNo, step)),
          parent: { id: job.id!, queue: job.queueQualifiedName },
        },
      })));
      await job.updateData({ ...data, phase: 'wait' });
      // best effort and not waited for: a Bull Board line must not delay the layer
      job.log(`${new Date().toISOString()} started ${data.steps.join(', ')} in parallel; waiting for them`).catch(() => 0);
    }
    if (token && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();
    return { children: data.steps };
  };
}
