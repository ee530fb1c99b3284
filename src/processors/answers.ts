import { defineStep } from './step-runner.js';
import { interviewScope } from './interview-scope.js';

/** answers: the project's research questions + evidence -> answers linked to their evidence. */
export const answersStep = defineStep('answers', ['questions', 'evidence', 'utterances'], async ({ analyzer }, ctx) => {
  const { questions, evidence, utterances } = ctx.inputs;
  const answers = questions.length === 0 ? [] : await analyzer.attributeAnswers({
    ...interviewScope(ctx.analysisJob),
    questions,
    evidence,
    utterances,
  }, ctx);
  return { answers };
});
