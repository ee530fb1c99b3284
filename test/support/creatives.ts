import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTranscriptCsv } from '../../src/transcript-formats/index.js';

/** The tuning set (shared/data/anthropic-interviewer): tests and fixtures use only this file. */
export const CREATIVES_CSV = fileURLToPath(new URL('../../../shared/data/anthropic-interviewer/creatives_transcripts.csv', import.meta.url));

let cache: { id: string; text: string }[] | null = null;
export function creatives(): { id: string; text: string }[] {
  cache ??= parseTranscriptCsv(readFileSync(CREATIVES_CSV, 'utf8'));
  return cache;
}
