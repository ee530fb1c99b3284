import type { FlowJob } from 'bullmq';
import type { QueueSettings } from '../domain/queue-settings.js';
import type { StepJobData } from '../domain/steps.js';
import { bullJobId } from './bull-job-ids.js';
import { runJobOptions } from './job-options.js';
import { stepJobName } from './job-names.js';

/** Which run a BullMQ job belongs to; any extra fields of the caller's data are not copied. */
export type RunRef = Pick<StepJobData, 'analysisJobId' | 'interviewId' | 'runNo'> & { title?: string | null | undefined };

/** The data every job of a run starts from: its ids, and the title when there is one (it travels in the data so a step or fanout adding a layer can name the jobs it adds). */
function runJobData(run: RunRef): StepJobData {
  return { analysisJobId: run.analysisJobId, interviewId: run.interviewId, runNo: run.runNo, ...(run.title ? { title: run.title } : {}) };
}

/**
 * One node of a run as a BullMQ flow job: named for Bull Board, on `queue`, with the run's data
 * and options (attempts and backoff of `settings`, id `<analysisJobId>.r<run>.<node>`). The flow
 * tree (plan.ts) and a layer added to a waiting parent (fanout.ts) build their jobs with it.
 */
export function runFlowJob(run: RunRef, queue: string, node: string, settings: QueueSettings)
  : FlowJob & { data: StepJobData; opts: NonNullable<FlowJob['opts']> } {
  return {
    name: stepJobName(queue, run),
    queueName: queue,
    data: runJobData(run),
    opts: runJobOptions(settings, bullJobId(run.analysisJobId, run.runNo, node)),
  };
}
