import { defineStep } from './step-runner.js';
import { summarizeReport } from './finalize-summary.js';

/** finalize: everything above -> interview `ready`, a summary and an analytics event. */
export const finalizeStep = defineStep('finalize', async ({ store }, ctx) => {
  const report = await store.getInterviewReport(ctx.analysisJob.interviewId);
  return { summary: report ? summarizeReport(report) : '' };
});
