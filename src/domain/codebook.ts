import { z } from 'zod';

/**
 * A project codebook for deductive coding: theme names, definitions and lexical cues. One schema
 * for every way a codebook arrives (`--codebook FILE`, LOCAL_CODEBOOK_FILE, the API's `codebook`
 * field), so each refuses the same things with the same message.
 */
export const CodeSchema = z.object({
  name: z.string().min(1).max(200),
  statement: z.string().max(2000),
  inclusionCriteria: z.string().max(2000),
  /** Phrases (lemma or surface, `*` suffix wildcard, `?` any one word) that signal the code. */
  cues: z.array(z.string().min(1).max(200)).max(1000).default([]),
  /** Cues strong enough alone; other cues need three distinct hits. */
  strong: z.array(z.string().min(1).max(200)).max(1000).default([]),
});
export const CodebookSchema = z.object({
  name: z.string().max(200).default('codebook'),
  description: z.string().max(5000).optional(),
  codes: z.array(CodeSchema).min(1).max(500),
  /** Terms whose words must not count as cues ("machine learning" is not learning). */
  masks: z.array(z.string().min(1).max(200)).max(1000).default([]),
});
export type Code = z.infer<typeof CodeSchema>;
export type Codebook = z.infer<typeof CodebookSchema>;
