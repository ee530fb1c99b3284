import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * An optional project codebook for deductive coding: theme names, definitions and lexical cues.
 * The offline analyzer has NO built-in codebook (it codes inductively); a study that wants its
 * codes applied gives a file such as examples/codebooks/ai-at-work.json (`--codebook FILE`, or
 * LOCAL_CODEBOOK_FILE for worker processes).
 */
export const CodeSchema = z.object({
  name: z.string().min(1).max(200),
  statement: z.string().max(2000),
  inclusionCriteria: z.string().max(2000),
  /** Phrases (lemma or surface, `*` suffix wildcard, `?` any one word) that signal the code. */
  cues: z.array(z.string().min(1)).default([]),
  /** Cues strong enough alone; other cues need three distinct hits. */
  strong: z.array(z.string().min(1)).default([]),
});
export const CodebookSchema = z.object({
  name: z.string().default('codebook'),
  description: z.string().optional(),
  codes: z.array(CodeSchema).min(1).max(500),
  /** Terms whose words must not count as cues ("machine learning" is not learning). */
  masks: z.array(z.string().min(1)).default([]),
});
export type Code = z.infer<typeof CodeSchema>;
export type Codebook = z.infer<typeof CodebookSchema>;

export class CodebookError extends Error {}

/** Reads and validates a codebook file; the error message says what is wrong, for a CLI line. */
export function loadCodebook(file: string): Codebook {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CodebookError(`cannot read codebook ${file}: ${(err as Error).message}`);
  }
  const parsed = CodebookSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new CodebookError(`invalid codebook ${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return parsed.data;
}
