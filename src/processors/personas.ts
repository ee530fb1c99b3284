import { defineStep } from './step-runner.js';

/** personas: people + evidence (and the project's facet profiles) -> persona assignments. */
export const personasStep = defineStep('personas', async ({ store, analyzer }, ctx) => {
  const [people, evidence, existingPersonas, projectEvidence] = await Promise.all([
    store.loadPeople(ctx.analysisJob.interviewId),
    store.loadEvidence(ctx.analysisJob.interviewId),
    store.loadProjectPersonas(ctx.analysisJob.projectId),
    store.loadProjectEvidence(ctx.analysisJob.projectId),
  ]);
  const personas = await analyzer.assignPersonas({
    interviewId: ctx.analysisJob.interviewId,
    projectId: ctx.analysisJob.projectId,
    people,
    evidence,
    existingPersonas,
    projectEvidence,
    customInstructions: ctx.analysisJob.customInstructions ?? undefined,
  }, ctx);
  return { personas };
});
