import { z } from 'zod';
import { StepName } from '../domain/steps.js';
import type { AnalysisJobView } from '../ports/store.js';
import { AnalysisJobListItem, InterviewListItem, JobStatus, ProjectListItem } from '../domain/lists.js';

/**
 * Response shapes of the public API (the OpenAPI document is generated from these). Internal
 * bookkeeping (workflow_state, the flow marker) stays out of responses.
 */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.string().describe('stable machine-readable code, e.g. invalid_request, not_found, run_active'),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export const SubmittedResponse = z.object({
  interviewId: z.uuid(),
  analysisJobId: z.uuid(),
  runNo: z.number().int(),
  existing: z.boolean().optional().describe('true when the idempotency key was used before: the first submission\'s interview'),
});

const Tokens = z.object({ input: z.number().int(), output: z.number().int(), cached: z.number().int() });

export const StepResponse = z.object({
  status: z.enum(['pending', 'running', 'completed', 'failed']),
  step: StepName,
  runNo: z.number().int(),
  attempts: z.number().int(),
  progress: z.number().int(),
  statusLine: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  error: z.string().nullable(),
  model: z.string().nullable(),
  llmCalls: z.number().int(),
  tokens: Tokens,
  costUsd: z.number(),
  usage: z.record(z.string(), z.unknown()),
});

export const JobResponse = z.object({
  status: JobStatus,
  id: z.uuid(),
  interviewId: z.uuid(),
  projectId: z.uuid(),
  progress: z.number().int().min(0).max(100),
  currentStep: StepName.nullable(),
  statusLine: z.string().nullable(),
  error: z.string().nullable(),
  currentRun: z.number().int(),
  completedSteps: z.array(StepName),
  usage: z.object({ llmCalls: z.number(), inputTokens: z.number(), outputTokens: z.number(), cachedTokens: z.number(), costUsd: z.number() }),
  steps: z.array(StepResponse),
  links: z.object({
    self: z.string(), events: z.string(), interview: z.string(),
    report: z.string().describe('the interview\'s report page as a signed link (`?exp=..&sig=..`): opens in a browser without an Authorization header until it expires (SIGNED_LINK_TTL_S, default 1 h)'),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JobResponse = z.infer<typeof JobResponse>;

/**
 * `status` first (what a caller looks for), internal state left out. `sign` turns the report's
 * path into a signed link (src/auth/signed-links.ts); without it the plain path.
 */
export function toJobResponse(v: AnalysisJobView, sign: (path: string) => string = (p) => p): JobResponse {
  return {
    status: v.status,
    id: v.id,
    interviewId: v.interviewId,
    projectId: v.projectId,
    progress: v.progress,
    currentStep: v.currentStep,
    statusLine: v.statusLine,
    error: v.error,
    currentRun: v.currentRun,
    completedSteps: v.completedSteps,
    usage: v.usage,
    steps: v.steps.map(({ status, ...rest }) => ({ status, ...rest })),
    links: {
      self: `/v1/analysis-jobs/${v.id}`,
      events: `/v1/analysis-jobs/${v.id}/events`,
      interview: `/v1/interviews/${v.interviewId}`,
      report: sign(`/v1/interviews/${v.interviewId}/report`),
    },
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

export const ListParams = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('page size (1-200, default 50)'),
  cursor: z.string().max(200).optional().describe('`nextCursor` of the previous page'),
});

const page = <T extends z.ZodType>(item: T) => z.object({
  data: z.array(item),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});
export const ProjectPage = page(ProjectListItem);
export const InterviewPage = page(InterviewListItem);
export const AnalysisJobPage = page(AnalysisJobListItem);
