import type { WebhookPayload } from '../domain/webhooks.js';

/** The event of an analysis job's run that completed or failed; its key makes it once per run. */
export function analysisJobEvent(
  type: 'analysis_job.completed' | 'analysis_job.failed',
  j: { analysisJobId: string; interviewId: string; projectId: string; runNo: number; title: string | null; error?: string | null; step?: string | null },
): { key: string; payload: WebhookPayload } {
  return event(`${type}.${j.analysisJobId}.r${j.runNo}`, type, {
    status: type === 'analysis_job.completed' ? 'completed' : 'failed',
    analysisJobId: j.analysisJobId,
    interviewId: j.interviewId,
    projectId: j.projectId,
    runNo: j.runNo,
    title: j.title,
    ...(type === 'analysis_job.failed' ? { failedStep: j.step ?? null, error: j.error ?? null } : {}),
    links: {
      analysisJob: `/v1/analysis-jobs/${j.analysisJobId}`,
      interview: `/v1/interviews/${j.interviewId}`,
      report: `/v1/interviews/${j.interviewId}/report`,
    },
  });
}

/** A synthesis run of a project that committed; once per run. */
export function synthesisEvent(s: {
  projectId: string; projectName: string; runId: string; generation: number; themes: number; answers: number; personas: number;
}): { key: string; payload: WebhookPayload } {
  return event(`synthesis.completed.${s.runId}`, 'synthesis.completed', {
    status: 'completed',
    projectId: s.projectId,
    projectName: s.projectName,
    synthesisRunId: s.runId,
    generation: s.generation,
    counts: { themes: s.themes, answers: s.answers, personas: s.personas },
    links: { synthesis: `/v1/projects/${s.projectId}/synthesis`, report: `/v1/projects/${s.projectId}/report` },
  });
}

/** The envelope every event shares; its key is also its id, which receivers deduplicate on. */
function event(key: string, type: WebhookPayload['type'], data: WebhookPayload['data']): { key: string; payload: WebhookPayload } {
  return { key, payload: { id: key, type, createdAt: new Date().toISOString(), data } };
}
