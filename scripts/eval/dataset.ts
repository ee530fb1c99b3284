import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Utterance } from '../../src/domain/transcript.js';
import { parseTranscriptCsv } from '../../src/transcript-formats/csv.js';
import { prepareTranscript } from '../../src/transcript-formats/prepare.js';

/**
 * The evaluation data sets as the pipeline's transcribe step would prepare them. The data folder
 * comes from INTERVIEW_DATA_DIR (default: shared/data beside the repository, as on CI).
 * Interviewer names are NOT passed: role inference is part of what is measured.
 */
export const DATA_DIR = resolve(process.env.INTERVIEW_DATA_DIR ?? fileURLToPath(new URL('../../../shared/data/', import.meta.url)));

export const DATASETS = {
  creatives: { file: 'anthropic-interviewer/creatives_transcripts.csv', use: 'tune' },
  workforce: { file: 'anthropic-interviewer/workforce_sample.csv', use: 'tune' },
  founders: { file: 'changelog-founders-talk/transcripts.csv', use: 'tune' },
  scientists: { file: 'anthropic-interviewer/scientists_transcripts.csv', use: 'evaluate' },
  afk: { file: 'changelog-away-from-keyboard/transcripts.csv', use: 'evaluate' },
} as const;
export type DatasetName = keyof typeof DATASETS;

/**
 * The data rule (issue 15) for tuning aids, which print per-unit outputs: only a set whose use is
 * 'tune' may be looked at; an evaluation set (or a name that is no set) is refused.
 */
export function tuningSet(name: string): DatasetName {
  if (!Object.hasOwn(DATASETS, name) || DATASETS[name as DatasetName].use !== 'tune') {
    const tuning = Object.entries(DATASETS).filter(([, d]) => d.use === 'tune').map(([n]) => n);
    throw new Error(`${name} is not a tuning set (${tuning.join(', ')}): its per-unit outputs are never looked at`);
  }
  return name as DatasetName;
}

/** The interviewer labels each set's README documents (ground truth for role inference only). */
export const KNOWN_INTERVIEWERS: Record<DatasetName, string[]> = {
  creatives: ['AI', 'Assistant'],
  workforce: ['AI', 'Assistant'],
  scientists: ['AI', 'Assistant'],
  founders: ['Adam Stacoviak'],
  afk: ['Tim Smith', 'Abi Prado'],
};

export interface Interview {
  id: string;
  utterances: Utterance[];
}

export function datasetPath(name: DatasetName): string {
  return join(DATA_DIR, DATASETS[name].file);
}

export function datasetAvailable(name: DatasetName): boolean {
  return existsSync(datasetPath(name));
}

export function loadDataset(name: DatasetName): Interview[] {
  const csv = readFileSync(datasetPath(name), 'utf8');
  return parseTranscriptCsv(csv, name).map((row) => ({
    id: row.id,
    utterances: prepareTranscript(row.text, {}).utterances,
  }));
}
