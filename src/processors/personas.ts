import { defineStep } from './step-runner.js';

/**
 * personas: the interview's people + evidence -> per-interview persona assignments. Reads this
 * interview alone (cost does not grow with the project); clustering participants across the
 * project is the synthesize job's.
 */
export const personasStep = defineStep('personas', async ({ store, analyzer }, ctx) => {
  const [people, evidence, existingPersonas] = await Promise.all([
    store.loadPeople(ctx.analysisJob.interviewId),
    store.loadEvidence(ctx.analysisJob.interviewId),
    store.loadProjectPersonas(ctx.analysisJob.projectId),
  ]);
  const personas = await analyzer.assignPersonas({
    interviewId: ctx.analysisJob.interviewId,
    projectId: ctx.analysisJob.projectId,
    people,
    evidence,
    existingPersonas,
    customInstructions: ctx.analysisJob.customInstructions ?? undefined,
  }, ctx);
  return { personas };
});
