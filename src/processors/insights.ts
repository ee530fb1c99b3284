import { defineStep } from './step-runner.js';
import { interviewScope } from './interview-scope.js';

/**
 * insights: the interview's evidence -> its own codes (themes linked only to the evidence that
 * supports them). Reads this interview alone, so the codes do not depend on which interviews
 * finished first; the synthesize job merges them into the project's themes.
 */
export const insightsStep = defineStep('insights', ['evidence', 'utterances'], async ({ analyzer }, ctx) => {
  const { evidence, utterances } = ctx.inputs;
  const themes = await analyzer.generateInsights({
    ...interviewScope(ctx.analysisJob),
    evidence,
    codebook: ctx.analysisJob.codebook ?? undefined,
    utterances,
  }, ctx);
  return { themes };
});
