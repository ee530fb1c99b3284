import { defineStep } from './step-runner.js';
import { interviewScope } from './interview-scope.js';

/**
 * personas: the interview's people + evidence -> per-interview persona assignments. Reads this
 * interview alone (cost does not grow with the project); clustering participants across the
 * project is the synthesize job's.
 */
export const personasStep = defineStep('personas', ['people', 'evidence', 'projectPersonas', 'utterances'], async ({ analyzer }, ctx) => {
  const { people, evidence, projectPersonas: existingPersonas, utterances } = ctx.inputs;
  const personas = await analyzer.assignPersonas({
    ...interviewScope(ctx.analysisJob),
    people,
    evidence,
    existingPersonas,
    utterances,
  }, ctx);
  return { personas };
});
