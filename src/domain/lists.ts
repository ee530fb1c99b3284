import { z } from 'zod';

/** A page request: rows after `after` (a row's createdAt and id), at most `limit`. */
export interface ListQuery {
  accountId: string;
  limit: number;
  status?: string | undefined;
  after?: { createdAt: string; id: string } | undefined;
}

export const ProjectListItem = z.object({
  id: z.uuid(),
  name: z.string(),
  interviews: z.number().int(),
  createdAt: z.string(),
});
export type ProjectListItem = z.infer<typeof ProjectListItem>;

export const InterviewStatus = z.enum(['uploaded', 'processing', 'ready', 'failed', 'cancelled']);
export const JobStatus = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);

export const InterviewListItem = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  title: z.string().nullable(),
  status: InterviewStatus,
  externalId: z.string().nullable().describe('the idempotency key the interview was submitted with'),
  durationMs: z.number().int().nullable(),
  analysisJobId: z.uuid().nullable(),
  jobStatus: JobStatus.nullable(),
  createdAt: z.string(),
});
export type InterviewListItem = z.infer<typeof InterviewListItem>;

export const AnalysisJobListItem = z.object({
  status: JobStatus,
  id: z.uuid(),
  interviewId: z.uuid(),
  projectId: z.uuid(),
  title: z.string().nullable(),
  progress: z.number().int(),
  currentStep: z.string().nullable(),
  currentRun: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AnalysisJobListItem = z.infer<typeof AnalysisJobListItem>;
