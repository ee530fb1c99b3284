import { defineStep } from './step-runner.js';
import { summarizeReport } from '../analysis/summary.js';

/** finalize: everything above -> interview `ready`, a summary and an analytics event. */
export const finalizeStep = defineStep('finalize', async ({ store }, ctx) => {
  const report = await store.getInterviewReport(ctx.job.interviewId);
  return { summary: report ? summarizeReport(report) : '' };
});
