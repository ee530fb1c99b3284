import type { StepName } from '../domain/steps.js';
import type { StepDefinition } from './step-runner.js';
import { transcribeStep } from './transcribe.js';
import { evidenceStep } from './evidence.js';
import { insightsStep } from './insights.js';
import { personasStep } from './personas.js';
import { answersStep } from './answers.js';
import { finalizeStep } from './finalize.js';

/** The body of every row of the step table (src/domain/steps.ts); the type demands one per step. */
export const STEP_DEFINITIONS: { [S in StepName]: StepDefinition<S> } = {
  transcribe: transcribeStep,
  evidence: evidenceStep,
  insights: insightsStep,
  personas: personasStep,
  answers: answersStep,
  finalize: finalizeStep,
};
