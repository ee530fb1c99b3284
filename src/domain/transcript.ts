import { z } from 'zod';

export const SpeakerRole = z.enum(['interviewer', 'participant']);
export type SpeakerRole = z.infer<typeof SpeakerRole>;

export const Word = z.object({
  text: z.string(),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
});
export type Word = z.infer<typeof Word>;

/**
 * How an utterance's timings were obtained: given by the source (captions, provider JSON),
 * measured by the offline engine, or estimated from text length when the source has none.
 */
export const TimingSource = z.enum(['provided', 'estimated']);

/** One speaker turn as parsed, before roles are known. */
export const ParsedUtterance = z.object({
  speaker: z.string().min(1),
  text: z.string().min(1),
  startMs: z.number().int().nonnegative().optional(),
  endMs: z.number().int().nonnegative().optional(),
  words: z.array(Word).optional(),
});
export type ParsedUtterance = z.infer<typeof ParsedUtterance>;

/** One speaker turn as stored: timed, with a role, addressed by a stable id. */
export const Utterance = z.object({
  id: z.string().min(1),
  index: z.number().int().nonnegative(),
  speaker: z.string().min(1),
  role: SpeakerRole,
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  text: z.string().min(1),
  words: z.array(Word).optional(),
  timing: TimingSource,
});
export type Utterance = z.infer<typeof Utterance>;
