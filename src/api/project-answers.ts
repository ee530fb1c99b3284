import { z } from 'zod';
import { ReportAnswer, ReportEvidence, ReportQuestion, type ProjectReport } from '../domain/report.js';
import { StudyAnswerStatus } from '../domain/synthesis.js';
import type { ProjectSynthesisView } from '../ports/synthesis-store.js';
import { evidenceById, resolver, runRef, SynthesisRunRef } from './project-study.js';

/** A per-interview answer as GET /v1/projects/:id/answers returns it: its quotes instead of ids. */
export const ProjectInterviewAnswer = ReportAnswer.omit({ evidenceIds: true }).extend({ quotes: z.array(ReportEvidence) });

/** The study-level answer to one research question from the latest committed synthesis. */
export const ProjectStudyAnswer = z.object({
  status: StudyAnswerStatus,
  /** A headline ("7 of 30 participants ..." or "not enough evidence: 2 of 30 participants spoke to this"). */
  summary: z.string(),
  /** Each sentence cites evidence (ids and the resolved quotes) and says how many participants support it. */
  sentences: z.array(z.object({
    text: z.string(),
    participants: z.number().int().nonnegative(),
    evidenceIds: z.array(z.guid()),
    quotes: z.array(ReportEvidence),
  })),
  participantsSupporting: z.number().int().nonnegative(),
  participantsTotal: z.number().int().nonnegative(),
  interviewsAddressed: z.number().int().nonnegative(),
  interviewsTotal: z.number().int().nonnegative(),
});

export const ProjectAnswersQuestion = ReportQuestion.extend({
  answers: z.array(ProjectInterviewAnswer).describe('every interview\'s answer to this question'),
  study: ProjectStudyAnswer.nullable().describe('the study-level answer of the latest committed synthesis; null before the first synthesis, or for a question added after it'),
});

export const ProjectAnswersResponse = z.object({
  data: z.array(ProjectAnswersQuestion),
  /** The synthesis run the `study` answers come from (null before the first commit). */
  synthesis: SynthesisRunRef,
});
export type ProjectAnswersResponse = z.infer<typeof ProjectAnswersResponse>;

/**
 * Each research question with every interview's answer (as before: quotes resolved) and, new,
 * its study-level answer from the latest committed synthesis with the quotes each sentence
 * cites. A cited quote missing from the project's evidence list is given from the synthesis' own
 * citation (no person, gist or confidence).
 */
export function projectAnswers(report: ProjectReport, synthesis: ProjectSynthesisView | null): ProjectAnswersResponse {
  const evidence = evidenceById(report);
  const quotes = resolver(evidence, []).many;
  const run = synthesis?.committedRun ?? null;
  const study = new Map((run ? synthesis!.answers : []).map((a) => [a.questionId, a]));
  return {
    data: report.questions.map((q) => {
      const s = study.get(q.id);
      const cited = resolver(evidence, s?.citations ?? []).many;
      return {
        ...q,
        answers: q.answers.map(({ evidenceIds, ...a }) => ({ ...a, quotes: quotes(evidenceIds) })),
        study: s ? {
          status: StudyAnswerStatus.parse(s.status),
          summary: s.summary,
          sentences: s.sentences.map((st) => ({ text: st.text, participants: st.participants, evidenceIds: st.evidenceIds, quotes: cited(st.evidenceIds) })),
          participantsSupporting: s.participantsSupporting,
          participantsTotal: s.participantsTotal,
          interviewsAddressed: s.interviewsAddressed,
          interviewsTotal: s.interviewsTotal,
        } : null,
      };
    }),
    synthesis: runRef(synthesis),
  };
}
