import { z } from 'zod';

/**
 * Cost before you run: what analysing some transcripts will take with the configured models,
 * per step (POST /v1/estimates, `interview-flow estimate`).
 */

const EstimateUtterance = z.object({ speaker: z.string().min(1), text: z.string() });

export const EstimateInterview = z.object({
  title: z.string().max(500).optional(),
  transcript: z.union([z.string().min(1), z.array(EstimateUtterance).min(1)]),
  interviewers: z.array(z.string().min(1)).max(20).optional(),
}).strict();

export const EstimateRequest = z.object({
  /** One interview (`transcript`) or several (`interviews`). */
  transcript: EstimateInterview.shape.transcript.optional(),
  interviewers: EstimateInterview.shape.interviewers,
  interviews: z.array(EstimateInterview).min(1).max(1000).optional(),
  questions: z.array(z.string().min(3).max(1000)).max(100).optional(),
  customInstructions: z.string().max(10_000).optional(),
}).strict().refine((r) => (r.transcript === undefined) !== (r.interviews === undefined), {
  message: 'give either `transcript` (one interview) or `interviews` (a list)',
});
export type EstimateRequest = z.infer<typeof EstimateRequest>;

export const StepEstimate = z.object({
  step: z.string(),
  model: z.string().nullable(),
  calls: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  /** o200k_base / cl100k_base: the model's own tokenizer; approximate: see the README. */
  tokenCount: z.string(),
  /** How the step's input was estimated. */
  basis: z.string(),
});
export type StepEstimate = z.infer<typeof StepEstimate>;

export const Estimate = z.object({
  analyzer: z.string(),
  interviews: z.number().int().nonnegative(),
  transcriptChars: z.number().int().nonnegative(),
  steps: z.array(StepEstimate),
  total: z.object({ calls: z.number(), inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() }),
  unpricedModels: z.array(z.string()),
});
export type Estimate = z.infer<typeof Estimate>;
