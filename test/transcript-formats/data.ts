import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { CREATIVES_CSV, fullDataFile } from '../support/creatives.js';

/** Repository root, the vendored creatives sample and the full set when INTERVIEW_DATA_DIR has it. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const creativesSampleCsv = CREATIVES_CSV;
export const fullCreativesCsv = fullDataFile('anthropic-interviewer/creatives_transcripts.csv');
export const examplesDir = resolve(repoRoot, 'examples');
