import { readFileSync } from 'node:fs';
import { CodebookSchema, type Codebook } from '../../domain/codebook.js';

/**
 * An optional project codebook for deductive coding (schema: src/domain/codebook.ts). The offline
 * analyzer has NO built-in codebook (it codes inductively); a study that wants its codes applied
 * gives a file such as examples/codebooks/ai-at-work.json (`--codebook FILE`, LOCAL_CODEBOOK_FILE
 * for worker processes) or a project's `codebook` on the API.
 */
export { CodebookSchema, CodeSchema, type Code, type Codebook } from '../../domain/codebook.js';

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
