import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Utterance } from '../../src/domain/transcript.js';
import { parseTranscriptCsv } from '../../src/transcript-formats/csv.js';
import { prepareTranscript } from '../../src/transcript-formats/prepare.js';

/** The Anthropic Interviewer transcripts as the pipeline's transcribe step would prepare them. */
// shared/ sits beside the repository (as on CI); INTERVIEWER_DATA_DIR points elsewhere
export const DATA_DIR = process.env.INTERVIEWER_DATA_DIR ?? fileURLToPath(new URL('../../../shared/data/anthropic-interviewer/', import.meta.url));
export type DatasetName = 'creatives' | 'scientists';

export interface Interview {
  id: string;
  utterances: Utterance[];
}

export function loadDataset(name: DatasetName): Interview[] {
  const csv = readFileSync(join(DATA_DIR, `${name}_transcripts.csv`), 'utf8');
  return parseTranscriptCsv(csv, name).map((row) => ({
    id: row.id,
    utterances: prepareTranscript(row.text, { interviewers: ['AI', 'Assistant'] }).utterances,
  }));
}
