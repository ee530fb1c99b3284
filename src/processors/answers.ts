import { defineStep } from './step-runner.js';
import { interviewScope } from './interview-scope.js';

/** answers: the project's research questions + evidence -> answers linked to their evidence. */
export const answersStep = defineStep('answers', async ({ store, analyzer }, ctx) => {
  const [questions, evidence, utterances] = await Promise.all([
    store.loadQuestions(ctx.analysisJob.interviewId),
    store.loadEvidence(ctx.analysisJob.interviewId),
    store.loadUtterances(ctx.analysisJob.interviewId),
  ]);
  const answers = questions.length === 0 ? [] : await analyzer.attributeAnswers({
    ...interviewScope(ctx.analysisJob),
    questions,
    evidence,
    utterances,
  }, ctx);
  return { answers };
});
