import type { AnalysisJobContext } from '../ports/store.js';

/** What every analyzer request carries about the interview it analyses. */
export function interviewScope(job: AnalysisJobContext): { interviewId: string; projectId: string; customInstructions: string | undefined } {
  return { interviewId: job.interviewId, projectId: job.projectId, customInstructions: job.customInstructions ?? undefined };
}
