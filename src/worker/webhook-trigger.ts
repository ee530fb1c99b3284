import type { Job, Processor } from 'bullmq';
import { StepJobData, type StepName } from '../domain/steps.js';
import type { Runtime } from '../runtime/runtime.js';
import { enqueueWebhookEvent } from '../flows/enqueue-webhooks.js';
import { analysisJobEvent, synthesisEvent } from '../webhooks/events.js';
import { notifyAnalysisJobFailed } from '../flows/notify-failed.js';
import type { ProjectRef } from '../ports/synthesis-store.js';
import type { WebhookPayload } from '../domain/webhooks.js';

function enqueue(rt: Runtime, project: ProjectRef, event: { key: string; payload: WebhookPayload }, subject: string) {
  return enqueueWebhookEvent(
    { webhooks: rt.store.webhooks, queue: rt.queues.get('webhooks'), settings: rt.config.queues.webhooks },
    { accountId: project.accountId, projectId: project.id, ...event, subject },
  );
}

/**
 * After an interview's finalize has committed: its `analysis_job.completed` deliveries. Called
 * by the finalize wrapper (src/worker/synthesis-trigger.ts), which has already read the project;
 * a Redis or database error fails the finalize job, whose retry (the stored result at once)
 * records the same event key again: no second delivery.
 */
export async function notifyCompleted(rt: Runtime, job: Job, project: ProjectRef): Promise<void> {
  const data = StepJobData.parse(job.data);
  const title = data.title ?? null;
  await enqueue(rt, project, analysisJobEvent('analysis_job.completed', { ...data, projectId: project.id, title }), title ?? `interview ${data.interviewId.slice(0, 8)}`);
}

/**
 * After a step failed for good (its failure recorded): `analysis_job.failed` deliveries (once
 * per run, src/flows/notify-failed.ts; the reconciler sends the same event when it is the one
 * recording the failure). Best effort from the worker's failed event: logged, not thrown.
 */
export async function notifyFailed(rt: Runtime, step: StepName, job: Job): Promise<void> {
  const data = StepJobData.parse(job.data);
  await notifyAnalysisJobFailed({ store: rt.store, queues: rt.queues, queueConfig: rt.config.queues },
    { analysisJobId: data.analysisJobId, runNo: data.runNo, step, title: data.title });
}

/** Wraps the synthesize processor: a committed synthesis sends `synthesis.completed`. */
export function withSynthesisWebhooks(synthesize: Processor, rt: Runtime): Processor {
  return async (job, token, signal) => {
    const result = await synthesize(job, token, signal) as { runId?: string; generation?: number; themes?: number; answers?: number; personas?: number };
    const projectId = (job.data as { projectId?: string }).projectId;
    if (!result?.runId || !projectId) return result;
    const project = await rt.store.getProject(projectId);
    if (project) {
      await enqueue(rt, project, synthesisEvent({
        projectId, projectName: project.name, runId: result.runId, generation: result.generation ?? 0,
        themes: result.themes ?? 0, answers: result.answers ?? 0, personas: result.personas ?? 0,
      }), project.name || `project ${projectId.slice(0, 8)}`);
    }
    return result;
  };
}
