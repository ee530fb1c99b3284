import { defineStep } from './step-runner.js';

/** insights: evidence -> project themes, each linked only to the evidence that supports it. */
export const insightsStep = defineStep('insights', async ({ store, analyzer }, ctx) => {
  const [evidence, existingThemes] = await Promise.all([
    store.loadEvidence(ctx.job.interviewId),
    store.loadProjectThemes(ctx.job.projectId),
  ]);
  const themes = await analyzer.generateInsights({
    interviewId: ctx.job.interviewId,
    projectId: ctx.job.projectId,
    evidence,
    existingThemes,
    customInstructions: ctx.job.customInstructions ?? undefined,
  }, ctx);
  return { themes };
});
