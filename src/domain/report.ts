import { z } from 'zod';

/**
 * The project report as `get_project_report` returns it: everything the researcher's report
 * shows for one project, with quotes referenced by evidence id (resolved once in `evidence`).
 */
export const ReportEvidence = z.object({
  id: z.uuid(),
  interviewId: z.uuid(),
  personId: z.uuid().nullable(),
  speaker: z.string(),
  personName: z.string().nullable(),
  verbatim: z.string(),
  gist: z.string(),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  confidence: z.number(),
});
export type ReportEvidence = z.infer<typeof ReportEvidence>;

export const ReportInterview = z.object({
  id: z.uuid(),
  title: z.string().nullable(),
  status: z.string(),
  durationMs: z.number().int().nullable(),
  createdAt: z.string(),
  /** A recording (upload or URL) exists, so quotes can be played. */
  hasMedia: z.boolean(),
  analysisJobId: z.uuid().nullable(),
  jobStatus: z.string().nullable(),
  participants: z.array(z.string()),
});
export type ReportInterview = z.infer<typeof ReportInterview>;

export const ReportAnswer = z.object({
  interviewId: z.uuid(),
  status: z.string(),
  answer: z.string().nullable(),
  confidence: z.number().nullable(),
  evidenceIds: z.array(z.uuid()),
});

export const ReportQuestion = z.object({
  id: z.uuid(),
  text: z.string(),
  answers: z.array(ReportAnswer),
});
export type ReportQuestion = z.infer<typeof ReportQuestion>;

export const ReportTheme = z.object({
  id: z.uuid(),
  name: z.string(),
  statement: z.string(),
  interviewCount: z.number().int(),
  participantCount: z.number().int(),
  evidenceIds: z.array(z.uuid()),
});
export type ReportTheme = z.infer<typeof ReportTheme>;

export const ReportPersona = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  goals: z.array(z.string()),
  pains: z.array(z.string()),
  members: z.array(z.object({
    personId: z.uuid(),
    name: z.string(),
    interviewId: z.uuid(),
    evidenceIds: z.array(z.uuid()),
  })),
});
export type ReportPersona = z.infer<typeof ReportPersona>;

export const ProjectReport = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  interviews: z.array(ReportInterview),
  questions: z.array(ReportQuestion),
  themes: z.array(ReportTheme),
  personas: z.array(ReportPersona),
  evidence: z.array(ReportEvidence),
});
export type ProjectReport = z.infer<typeof ProjectReport>;

/** Where an interview's recording is: the API serves `media` sources with range requests. */
export const InterviewMedia = z.object({
  interviewId: z.uuid(),
  accountId: z.uuid(),
  projectId: z.uuid(),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('transcript'), format: z.string().optional() }),
    z.object({ kind: z.literal('media'), path: z.string(), mimeType: z.string().optional(), originalName: z.string().optional() }),
    z.object({ kind: z.literal('url'), url: z.string() }),
  ]),
});
export type InterviewMedia = z.infer<typeof InterviewMedia>;

/**
 * The facts an analysed interview's one-line summary is made of (`summaryFacts`, read with the
 * finalize step's start): counts and names only, in the interview report's orders (participants
 * by speaker, themes by name with their evidence count in this interview).
 */
export const InterviewSummaryFacts = z.object({
  evidence: z.number().int().nonnegative(),
  participants: z.array(z.string()),
  themes: z.array(z.object({ name: z.string(), evidence: z.number().int().nonnegative() })),
  answered: z.number().int().nonnegative(),
  answers: z.number().int().nonnegative(),
});
export type InterviewSummaryFacts = z.infer<typeof InterviewSummaryFacts>;
