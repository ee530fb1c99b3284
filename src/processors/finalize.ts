import { defineStep } from './step-runner.js';
import { summarizeReport } from './finalize-summary.js';

/** finalize: everything above -> interview `ready`, a summary and an analytics event. */
export const finalizeStep = defineStep('finalize', ['summaryFacts'], async (_deps, ctx) => {
  const { summaryFacts } = ctx.inputs;
  return { summary: summaryFacts ? summarizeReport(summaryFacts) : '' };
});
