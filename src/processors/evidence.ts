import { defineStep } from './step-runner.js';
import { anchorEvidence } from '../analysis/verbatim.js';

/** evidence: utterances -> verbatim quotes checked against the transcript, and the people. */
export const evidenceStep = defineStep('evidence', async ({ store, analyzer }, ctx) => {
  const utterances = await store.loadUtterances(ctx.job.interviewId);
  const proposals = await analyzer.extractEvidence({
    interviewId: ctx.job.interviewId,
    projectId: ctx.job.projectId,
    utterances,
    customInstructions: ctx.job.customInstructions ?? undefined,
  }, ctx);
  const { units, repaired, dropped } = anchorEvidence(ctx.job.interviewId, proposals, utterances);
  const people = [...new Map(utterances.map((u) => [u.speaker, { speaker: u.speaker, name: u.speaker, role: u.role }])).values()];
  return { people, evidence: units, stats: { proposed: proposals.length, stored: units.length, repaired, dropped } };
});
