import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTranscriptCsv } from '../../src/transcript-formats/index.js';

/**
 * The interviews tests submit: the first 24 rows of the creatives tuning set, vendored with their
 * attribution in test/fixtures/anthropic-interviewer/ (tests never read data outside the repository).
 */
export const CREATIVES_CSV = fileURLToPath(new URL('../fixtures/anthropic-interviewer/creatives_0000-0023.csv', import.meta.url));

let cache: { id: string; text: string }[] | null = null;
export function creatives(): { id: string; text: string }[] {
  cache ??= parseTranscriptCsv(readFileSync(CREATIVES_CSV, 'utf8'));
  return cache;
}

/**
 * A file of the full data sets, for the tests that cover a whole set: `INTERVIEW_DATA_DIR` names
 * the folder (e.g. the shared data/ folder with anthropic-interviewer/…). Undefined when unset or
 * missing; such tests skip and say how to run them.
 */
export function fullDataFile(relative: string): string | undefined {
  const dir = process.env.INTERVIEW_DATA_DIR;
  if (!dir) return undefined;
  const file = join(dir, relative);
  return existsSync(file) ? file : undefined;
}

/** How a test that needs the full data names itself when skipped. */
export const NEEDS_FULL_DATA = '(needs INTERVIEW_DATA_DIR with the full data sets; skipped without it)';
