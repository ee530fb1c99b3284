import type { Store } from '../ports/store.js';
import type { StepQueues } from '../queues/step-queues.js';
import type { QueueConfig } from '../config/index.js';
import type { StepName } from '../domain/steps.js';
import { enqueueWebhookEvent } from './enqueue-webhooks.js';
import { analysisJobEvent } from '../webhooks/events.js';

/**
 * After a step's final failure is recorded (by its worker, or later by the reconciler from the
 * failed job in Redis): the analysis job's `analysis_job.failed` deliveries, when the job is
 * indeed failed in this run (a fenced job of a superseded run is not a failure of the analysis
 * job). The event key is the analysis job and run, so whoever records the failure, and however
 * often, the run's failure is delivered once per endpoint. Returns how many deliveries are pending.
 */
export async function notifyAnalysisJobFailed(
  deps: { store: Store; queues: StepQueues; queueConfig: QueueConfig },
  failure: { analysisJobId: string; runNo: number; step: StepName; title?: string | undefined },
): Promise<number> {
  const [view, project] = await Promise.all([deps.store.getAnalysisJob(failure.analysisJobId), deps.store.getJobProject(failure.analysisJobId)]);
  if (!view || !project || view.status !== 'failed' || view.currentRun !== failure.runNo) return 0;
  const title = failure.title ?? null;
  const event = analysisJobEvent('analysis_job.failed', {
    analysisJobId: failure.analysisJobId, interviewId: view.interviewId, projectId: project.id, runNo: failure.runNo, title, step: failure.step, error: view.error,
  });
  return enqueueWebhookEvent(
    { webhooks: deps.store.webhooks, queue: deps.queues.get('webhooks'), settings: deps.queueConfig.webhooks },
    { accountId: project.accountId, projectId: project.id, ...event, subject: title ?? `interview ${view.interviewId.slice(0, 8)}` },
  );
}
