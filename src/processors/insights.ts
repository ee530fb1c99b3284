import { defineStep } from './step-runner.js';

/** insights: evidence -> project themes, each linked only to the evidence that supports it. */
export const insightsStep = defineStep('insights', async ({ store, analyzer }, ctx) => {
  const [evidence, existingThemes] = await Promise.all([
    store.loadEvidence(ctx.analysisJob.interviewId),
    store.loadProjectThemes(ctx.analysisJob.projectId),
  ]);
  const themes = await analyzer.generateInsights({
    interviewId: ctx.analysisJob.interviewId,
    projectId: ctx.analysisJob.projectId,
    evidence,
    existingThemes,
    customInstructions: ctx.analysisJob.customInstructions ?? undefined,
  }, ctx);
  return { themes };
});
