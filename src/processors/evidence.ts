import { defineStep } from './step-runner.js';
import { interviewScope } from './interview-scope.js';
import { anchorEvidence } from '../verbatim-guard/verbatim.js';

/** evidence: utterances -> verbatim quotes checked against the transcript, and the people. */
export const evidenceStep = defineStep('evidence', ['utterances', 'questions'], async ({ analyzer }, ctx) => {
  const { utterances, questions } = ctx.inputs;
  const proposals = await analyzer.extractEvidence({
    ...interviewScope(ctx.analysisJob),
    utterances,
    questions,
  }, ctx);
  const { units, repaired, dropped } = anchorEvidence(ctx.analysisJob.interviewId, proposals, utterances);
  const people = [...new Map(utterances.map((u) => [u.speaker, { speaker: u.speaker, name: u.speaker, role: u.role }])).values()];
  return { people, evidence: units, stats: { proposed: proposals.length, stored: units.length, repaired, dropped } };
});
