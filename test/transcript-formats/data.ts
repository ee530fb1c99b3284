import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** Repository root and the shared Anthropic Interviewer data (tune on creatives only). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const creativesCsv = resolve(repoRoot, '../shared/data/anthropic-interviewer/creatives_transcripts.csv');
export const examplesDir = resolve(repoRoot, 'examples');

export function requireCreatives(): string {
  if (!existsSync(creativesCsv)) throw new Error(`test data missing: ${creativesCsv}`);
  return creativesCsv;
}
