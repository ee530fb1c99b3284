import { z } from 'zod';
import { AnswerStatus, Facet, Usage } from './analysis.js';

/**
 * Study-level synthesis (DESIGN.md 5b): one per project, after interviews finish. The input is
 * compact (per-interview codes and answers, participant profiles, participants' evidence), read
 * from the store in one call; the output replaces the project's previous synthesis in one commit.
 *
 * Every list carries a content key (`key`) besides database ids: ids are random per row, keys
 * are derived from the content (interview transcript hash, speaker, span), so a synthesis can be
 * made byte-identical for the same interviews whatever order or project they were processed in.
 */

/** One interview of the project, with a key derived from its transcript (not its random id). */
export const SynthesisInterview = z.object({
  id: z.guid(),
  key: z.string().min(1),
  title: z.string().nullable().default(null),
});
export type SynthesisInterview = z.infer<typeof SynthesisInterview>;

/** A participant (never an interviewer) with the facet counts of their evidence. */
export const ParticipantProfile = z.object({
  personId: z.guid(),
  interviewId: z.guid(),
  /** `<interview key>/<speaker>`: stable across projects and runs. */
  key: z.string().min(1),
  name: z.string(),
  evidenceCount: z.number().int().nonnegative(),
  /** Units of this participant carrying each facet kind (a unit may carry several). */
  facetCounts: z.record(z.string(), z.number().int().nonnegative()).default({}),
});
export type ParticipantProfile = z.infer<typeof ParticipantProfile>;

/** A participant's evidence unit, as synthesis needs it (no timings beyond ordering). */
export const SynthesisEvidence = z.object({
  id: z.guid(),
  interviewId: z.guid(),
  personId: z.guid(),
  /** `<interview key>/<startMs>-<endMs>/<speaker>`: stable across projects and runs. */
  key: z.string().min(1),
  verbatim: z.string(),
  gist: z.string().default(''),
  confidence: z.number().min(0).max(1).default(0.5),
  facets: z.array(Facet).default([]),
  /** The interviewer's question this answers (the preceding interviewer turn), when known. */
  question: z.string().default(''),
});
export type SynthesisEvidence = z.infer<typeof SynthesisEvidence>;

/** A code the per-interview insights step produced for one interview (a theme row + its links). */
export const InterviewCode = z.object({
  interviewId: z.guid(),
  name: z.string().min(1),
  statement: z.string().default(''),
  evidenceIds: z.array(z.guid()),
});
export type InterviewCode = z.infer<typeof InterviewCode>;

/** A per-interview answer (the answers step), which a study-level answer rests on. */
export const InterviewAnswer = z.object({
  id: z.guid(),
  interviewId: z.guid(),
  questionId: z.guid(),
  status: z.enum(['planned', ...AnswerStatus.options]),
  answer: z.string().nullable().default(null),
  confidence: z.number().nullable().default(null),
  evidenceIds: z.array(z.guid()).default([]),
});
export type InterviewAnswer = z.infer<typeof InterviewAnswer>;

export const ProjectQuestion = z.object({ id: z.guid(), text: z.string().min(1), position: z.number().int().default(0) });
export type ProjectQuestion = z.infer<typeof ProjectQuestion>;

/** Everything a synthesis reads, in one store call (only interviews whose analysis is ready). */
export const SynthesisInput = z.object({
  projectId: z.guid(),
  questions: z.array(ProjectQuestion),
  interviews: z.array(SynthesisInterview),
  participants: z.array(ParticipantProfile),
  evidence: z.array(SynthesisEvidence),
  codes: z.array(InterviewCode),
  answers: z.array(InterviewAnswer),
  customInstructions: z.string().nullable().default(null),
});
export type SynthesisInput = z.infer<typeof SynthesisInput>;

// ---- output ------------------------------------------------------------------------------

export const ThemeEvidenceRole = z.enum(['supporting', 'counter']);
export type ThemeEvidenceRole = z.infer<typeof ThemeEvidenceRole>;

export const ProjectTheme = z.object({
  name: z.string().min(1),
  /** A statement across interviews (not one interview's). */
  statement: z.string().min(1),
  /** Prevalence: distinct interviews and participants whose supporting evidence it holds. */
  interviews: z.number().int().nonnegative(),
  participants: z.number().int().nonnegative(),
  evidence: z.array(z.object({
    evidenceId: z.guid(),
    role: ThemeEvidenceRole.default('supporting'),
  })).min(1),
  /** One quote that stands for the theme (an id of its supporting evidence). */
  quoteEvidenceId: z.guid().nullable().default(null),
  /** The per-interview code names merged into this theme. */
  codes: z.array(z.string()).default([]),
});
export type ProjectTheme = z.infer<typeof ProjectTheme>;

/** One sentence of a study-level answer: always cites evidence and says how many participants. */
export const AnswerSentence = z.object({
  text: z.string().min(1),
  evidenceIds: z.array(z.guid()).min(1),
  participants: z.number().int().nonnegative(),
});
export type AnswerSentence = z.infer<typeof AnswerSentence>;

export const StudyAnswerStatus = z.enum(['answered', 'partially_answered', 'not_enough_evidence']);
export type StudyAnswerStatus = z.infer<typeof StudyAnswerStatus>;

export const StudyAnswer = z.object({
  questionId: z.guid(),
  status: StudyAnswerStatus,
  /** A one-line headline ("7 of 30 participants ..." or "not enough evidence: 2 of 30 ..."). */
  summary: z.string().min(1),
  sentences: z.array(AnswerSentence).default([]),
  participantsSupporting: z.number().int().nonnegative(),
  participantsTotal: z.number().int().nonnegative(),
  interviewsAddressed: z.number().int().nonnegative(),
  interviewsTotal: z.number().int().nonnegative(),
  /** Per-interview answers (ids) this answer rests on. */
  interviewAnswerIds: z.array(z.guid()).default([]),
});
export type StudyAnswer = z.infer<typeof StudyAnswer>;

export const PersonaQuote = z.object({ text: z.string().min(1), evidenceId: z.guid() });
export type PersonaQuote = z.infer<typeof PersonaQuote>;

export const PersonaMember = z.object({
  personId: z.guid(),
  reason: z.string().min(1),
  evidenceIds: z.array(z.guid()).default([]),
});
export type PersonaMember = z.infer<typeof PersonaMember>;

export const ProjectPersona = z.object({
  name: z.string().min(1),
  description: z.string(),
  goals: z.array(PersonaQuote).default([]),
  pains: z.array(PersonaQuote).default([]),
  /** A persona holds across participants: at least two. */
  members: z.array(PersonaMember).min(2),
});
export type ProjectPersona = z.infer<typeof ProjectPersona>;

export const SynthesisOutput = z.object({
  themes: z.array(ProjectTheme),
  answers: z.array(StudyAnswer),
  personas: z.array(ProjectPersona),
  /** Participants that fit no persona. */
  unassigned: z.array(z.guid()).default([]),
  /** Substantive participant evidence that no theme holds (what the synthesis left out). */
  coverage: z.object({
    substantive: z.number().int().nonnegative(),
    unthemed: z.array(z.guid()),
  }),
  /** Cited ids that did not exist in the project and were dropped. */
  droppedCitations: z.number().int().nonnegative().default(0),
});
export type SynthesisOutput = z.infer<typeof SynthesisOutput>;

// ---- ledger ------------------------------------------------------------------------------

export const SynthesisRunStatus = z.enum(['running', 'completed', 'failed', 'superseded', 'waiting']);
export type SynthesisRunStatus = z.infer<typeof SynthesisRunStatus>;

export const SynthesisRun = z.object({
  id: z.guid(),
  projectId: z.guid(),
  generation: z.number().int().positive(),
  status: SynthesisRunStatus,
  trigger: z.string(),
  bullJobId: z.string().nullable(),
  analyzer: z.string().nullable(),
  interviews: z.number().int().nonnegative(),
  evidence: z.number().int().nonnegative(),
  usage: Usage.partial().default({}),
  costUsd: z.number().nonnegative(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
});
export type SynthesisRun = z.infer<typeof SynthesisRun>;

/** Data of a `synthesize` job: the project, and what asked for it. */
export const SynthesizeJobData = z.object({
  projectId: z.guid(),
  /** Shown in Bull Board. */
  projectName: z.string().default(''),
  trigger: z.enum(['interview', 'manual']).default('interview'),
  /** When the pending synthesis was first scheduled (debounce never postpones past max wait). */
  firstScheduledAt: z.number().int().nonnegative().default(0),
});
export type SynthesizeJobData = z.infer<typeof SynthesizeJobData>;
