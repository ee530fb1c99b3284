import { z } from 'zod';

/**
 * The parts of an OpenAI-compatible `verbose_json` (or `diarized_json`) transcription answer
 * that we use. OpenAI, whisper.cpp's server and faster-whisper servers all send segments with
 * start/end in seconds; word timings and speakers only some of them.
 */
export const OpenAITranscriptionResponse = z.object({
  text: z.string().default(''),
  duration: z.coerce.number().optional(),
  language: z.string().optional(),
  segments: z
    .array(
      z.object({
        start: z.coerce.number(),
        end: z.coerce.number(),
        text: z.string(),
        speaker: z.string().optional(),
      }),
    )
    .default([]),
  words: z.array(z.object({ word: z.string(), start: z.coerce.number(), end: z.coerce.number() })).default([]),
});
export type OpenAITranscriptionResponse = z.infer<typeof OpenAITranscriptionResponse>;
