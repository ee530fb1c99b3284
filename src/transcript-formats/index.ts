import { TranscriptParseError } from '../domain/errors.js';
import type { ParsedUtterance } from '../domain/transcript.js';
import { looksLikeAssemblyAi, parseAssemblyAi } from './assemblyai.js';
import { parseSrt, parseVtt } from './captions.js';
import { detectFormat, type TranscriptFormat } from './detect.js';
import { parseJsonText, parseUtteranceJson } from './json.js';
import { parsePlain } from './plain.js';
import { assertNotBlank } from './text.js';

export { inferRoles } from './roles.js';
export { toUtterances, transcriptText, estimateDurationMs, WORDS_PER_MINUTE, type TimedUtterances } from './timing.js';
export { readTranscriptCsv, parseTranscriptCsv, type CsvTranscript } from './csv.js';
export { detectFormat, TRANSCRIPT_FORMATS, type TranscriptFormat } from './detect.js';

export interface ParseTranscriptOptions {
  format?: 'auto' | TranscriptFormat;
  filename?: string;
}

export interface ParsedTranscript {
  format: TranscriptFormat;
  utterances: ParsedUtterance[];
}

/**
 * Parses a transcript in any supported format (auto-detected unless given). Throws
 * TranscriptParseError (naming the line where there is one) for empty or malformed input.
 */
export function parseTranscript(text: string, opts: ParseTranscriptOptions = {}): ParsedTranscript {
  if (typeof text !== 'string') throw new TranscriptParseError('the transcript must be text');
  assertNotBlank(text.replace(/^\uFEFF/, ''));
  const requested = opts.format ?? 'auto';
  const format = requested === 'auto' ? detectFormat(text, opts.filename) : requested;
  switch (format) {
    case 'plain':
      return { format, utterances: parsePlain(text) };
    case 'vtt':
      return { format, utterances: parseVtt(text) };
    case 'srt':
      return { format, utterances: parseSrt(text) };
    case 'assemblyai':
      return { format, utterances: parseAssemblyAi(parseJsonText(text)) };
    case 'json':
      return parseTranscriptJson(parseJsonText(text));
    default:
      throw new TranscriptParseError(`unknown transcript format "${String(format)}"`);
  }
}

/**
 * For callers that already hold parsed JSON (e.g. an API body whose `transcript` is an array):
 * our utterance JSON or an AssemblyAI transcript, told apart by shape.
 */
export function parseTranscriptJson(value: unknown): ParsedTranscript {
  if (looksLikeAssemblyAi(value)) return { format: 'assemblyai', utterances: parseAssemblyAi(value) };
  return { format: 'json', utterances: parseUtteranceJson(value) };
}
