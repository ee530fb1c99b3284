import { z } from 'zod';
import { TranscriptParseError } from '../domain/errors.js';
import type { ParsedUtterance, Word } from '../domain/transcript.js';
import { jsonErrorOffset } from './json-locate.js';
import { lineOfOffset, normaliseNewlines } from './text.js';

/**
 * Our utterance JSON: an array (or `{ utterances: [...] }`) of
 * `{ speaker, text, start_ms?, end_ms?, startMs?, endMs?, words? }`. Times are milliseconds.
 */

const Ms = z.number().nonnegative().finite();

const JsonWord = z.object({
  text: z.string(),
  start_ms: Ms.optional(),
  end_ms: Ms.optional(),
  startMs: Ms.optional(),
  endMs: Ms.optional(),
  start: Ms.optional(),
  end: Ms.optional(),
});

const JsonUtterance = z.object({
  speaker: z.union([z.string(), z.number()]).transform((s) => String(s).trim()).pipe(z.string().min(1, 'speaker is empty')),
  text: z.string(),
  start_ms: Ms.optional(),
  end_ms: Ms.optional(),
  startMs: Ms.optional(),
  endMs: Ms.optional(),
  words: z.array(JsonWord).optional(),
});

/** JSON.parse with the line of the first syntax error named. */
export function parseJsonText(raw: string): unknown {
  const text = normaliseNewlines(raw);
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const offset = jsonErrorOffset(text);
    const line = offset >= 0 ? lineOfOffset(text, offset) : undefined;
    throw new TranscriptParseError(`invalid JSON: ${message}`, line);
  }
}

function describe(issue: z.core.$ZodIssue): string {
  const [index, ...rest] = issue.path;
  const where = typeof index === 'number' ? `utterance ${index}` : 'transcript';
  const field = rest.length ? ` field ${rest.join('.')}` : '';
  return `${where}${field}: ${issue.message}`;
}

const round = (n: number | undefined): number | undefined => (n === undefined ? undefined : Math.round(n));

export function parseUtteranceJson(value: unknown): ParsedUtterance[] {
  const list = Array.isArray(value)
    ? value
    : value && typeof value === 'object' && Array.isArray((value as { utterances?: unknown }).utterances)
      ? (value as { utterances: unknown[] }).utterances
      : undefined;
  if (!list) throw new TranscriptParseError('JSON transcript must be an array of utterances or { "utterances": [...] }');
  const parsed = z.array(JsonUtterance).safeParse(list);
  if (!parsed.success) {
    throw new TranscriptParseError(`invalid utterance JSON: ${parsed.error.issues.slice(0, 3).map(describe).join('; ')}`);
  }
  const out: ParsedUtterance[] = [];
  parsed.data.forEach((u, i) => {
    const text = u.text.trim();
    if (text === '') return; // nothing said: no utterance
    const startMs = round(u.start_ms ?? u.startMs);
    const endMs = round(u.end_ms ?? u.endMs);
    if (startMs !== undefined && endMs !== undefined && endMs < startMs) {
      throw new TranscriptParseError(`utterance ${i}: end (${endMs} ms) is before start (${startMs} ms)`);
    }
    const p: ParsedUtterance = { speaker: u.speaker, text };
    if (startMs !== undefined) p.startMs = startMs;
    if (endMs !== undefined) p.endMs = endMs;
    const words = u.words?.flatMap((w): Word[] => {
      const s = round(w.start_ms ?? w.startMs ?? w.start);
      const e = round(w.end_ms ?? w.endMs ?? w.end);
      return s === undefined || e === undefined ? [] : [{ text: w.text, startMs: s, endMs: Math.max(s, e) }];
    });
    if (words && words.length) p.words = words;
    out.push(p);
  });
  if (out.length === 0) throw new TranscriptParseError('the JSON transcript has no utterance with text');
  return out;
}
