import { defineStep } from './step-runner.js';

/** personas: people + evidence (and the project's facet profiles) -> persona assignments. */
export const personasStep = defineStep('personas', async ({ store, analyzer }, ctx) => {
  const [people, evidence, existingPersonas, projectEvidence] = await Promise.all([
    store.loadPeople(ctx.job.interviewId),
    store.loadEvidence(ctx.job.interviewId),
    store.loadProjectPersonas(ctx.job.projectId),
    store.loadProjectEvidence(ctx.job.projectId),
  ]);
  const personas = await analyzer.assignPersonas({
    interviewId: ctx.job.interviewId,
    projectId: ctx.job.projectId,
    people,
    evidence,
    existingPersonas,
    projectEvidence,
    customInstructions: ctx.job.customInstructions ?? undefined,
  }, ctx);
  return { personas };
});
