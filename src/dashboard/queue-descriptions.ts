import type { QueueName } from '../queues/names.js';
import { MAINTENANCE_QUEUE } from '../queues/maintenance.js';

/** What each queue's jobs do, shown under the queue's name in Bull Board. */
export const QUEUE_DESCRIPTIONS: Record<QueueName | typeof MAINTENANCE_QUEUE, string> = {
  transcribe: 'Turns the upload, media URL or transcript into timed speaker turns (transcription when it is a recording); one job per interview run.',
  evidence: 'Finds verbatim quotes (evidence) in the transcript, with speaker and timestamps, and the people who spoke; once committed, starts insights, personas and answers (children of finalize, which runs once all three are done).',
  insights: 'Groups the interview\'s evidence into themes, each linked to the quotes that support it.',
  personas: 'Profiles the interview\'s participants (goals, pains) from their evidence.',
  answers: 'Answers the project\'s research questions from this interview\'s evidence, citing quotes.',
  finalize: 'Marks the interview ready and writes its summary, once the three steps above are done; then schedules the project\'s synthesis and its completion webhooks.',
  fanout: 'Orchestration only: joins a parallel layer that no single step after it can join (and the runs opened before finalize joined insights, personas and answers itself): waits for the layer, then releases the next step.',
  synthesize: 'Study-level synthesis of a project across its finished interviews: themes with prevalence, an answer per research question citing quotes, personas. Debounced: one pending and one running per project.',
  webhooks: 'Delivers completion webhooks (analysis job completed or failed, synthesis completed): one job per delivery, signed POST, retried with exponential backoff; every attempt is in the delivery log (GET /v1/webhooks/{id}/deliveries).',
  [MAINTENANCE_QUEUE]: 'The reconciler, every RECONCILE_EVERY_MS: finds runs the database thinks live but Redis lost (or failures it never heard of) and rebuilds or records them. Its log says what it did.',
};

/** A job's interview id from its data (step and fanout jobs carry it), for the name and link. */
export function jobInterview(data: unknown): { interviewId: string; runNo?: number; title?: string } | null {
  const d = data as { interviewId?: unknown; runNo?: unknown; title?: unknown } | null;
  if (!d || typeof d.interviewId !== 'string') return null;
  return {
    interviewId: d.interviewId,
    ...(typeof d.runNo === 'number' ? { runNo: d.runNo } : {}),
    ...(typeof d.title === 'string' ? { title: d.title } : {}),
  };
}

/** Where a job's "open" link in Bull Board goes, from its data; undefined when nowhere. */
export function jobLink(data: unknown): { href: string; displayText: string } | undefined {
  const iv = jobInterview(data);
  if (iv) return { href: `/v1/interviews/${iv.interviewId}/report#timeline`, displayText: 'Interview report' };
  const d = data as { projectId?: unknown; deliveryId?: unknown } | null;
  if (d && typeof d.projectId === 'string') return { href: `/v1/projects/${d.projectId}/report`, displayText: 'Project report' };
  return undefined;
}
