import { defineStep } from './step-runner.js';

/** answers: the project's research questions + evidence -> answers linked to their evidence. */
export const answersStep = defineStep('answers', async ({ store, analyzer }, ctx) => {
  const [questions, evidence, utterances] = await Promise.all([
    store.loadQuestions(ctx.job.interviewId),
    store.loadEvidence(ctx.job.interviewId),
    store.loadUtterances(ctx.job.interviewId),
  ]);
  const answers = questions.length === 0 ? [] : await analyzer.attributeAnswers({
    interviewId: ctx.job.interviewId,
    projectId: ctx.job.projectId,
    questions,
    evidence,
    utterances,
    customInstructions: ctx.job.customInstructions ?? undefined,
  }, ctx);
  return { answers };
});
