import { z } from 'zod';
import { StepName } from '../domain/steps.js';
import { CodebookSchema } from '../domain/codebook.js';

/** Millisecond offsets are Postgres `integer`s: larger values would be accepted, then fail every retry. */
const Ms = z.number().int().nonnegative().max(2_147_483_647);

const JsonUtterance = z.object({
  speaker: z.string().min(1).max(200),
  text: z.string().max(100_000),
  start_ms: Ms.optional(),
  end_ms: Ms.optional(),
  startMs: Ms.optional(),
  endMs: Ms.optional(),
});

/** POST /v1/interviews (JSON body, or the fields of a multipart form). */
export const CreateInterviewBody = z.object({
  transcript: z.union([z.string(), z.array(JsonUtterance).max(20_000)]).optional(),
  transcriptFormat: z.enum(['auto', 'plain', 'json', 'vtt', 'srt', 'assemblyai']).optional(),
  mediaUrl: z.string().max(4096).optional(),
  title: z.string().max(500).optional(),
  projectId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  interviewers: z.array(z.string().min(1).max(200)).max(20).optional(),
  questions: z.array(z.string().min(3).max(1000)).max(100).optional(),
  customInstructions: z.string().max(10_000).optional(),
  codebook: CodebookSchema.optional()
    .describe('deductive codebook for the project (format: examples/codebooks/ai-at-work.json); set by the submission that creates the project, and a later submission may only repeat it'),
  metadata: z.record(z.string(), z.unknown()).optional(),
  externalId: z.string().min(1).max(255).optional()
    .describe('your id for this interview, unique per project: submitting it again returns the first interview (same as the Idempotency-Key header)'),
}).strict();
export type CreateInterviewBody = z.infer<typeof CreateInterviewBody>;

export const ResumeBody = z.object({
  resumeFrom: StepName.optional(),
  supersede: z.boolean().optional(),
}).strict();

export const IdParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
