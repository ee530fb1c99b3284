import { defineStep } from './step-runner.js';
import { summarizeReport } from './finalize-summary.js';

/** finalize: everything above -> interview `ready`, a summary and an analytics event. */
export const finalizeStep = defineStep('finalize', ['report'], async (_deps, ctx) => {
  const { report } = ctx.inputs;
  return { summary: report ? summarizeReport(report) : '' };
});
