import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TranscriptParseError } from '../../src/domain/errors.js';
import { ParsedUtterance, Utterance } from '../../src/domain/transcript.js';
import { jsonErrorOffset } from '../../src/transcript-formats/json-locate.js';
import { inferRoles, parseTranscript, toUtterances, transcriptText } from '../../src/transcript-formats/index.js';

const FORMATS = ['auto', 'plain', 'json', 'vtt', 'srt', 'assemblyai'] as const;

/** Pieces of every format, so random concatenations reach deep into each parser. */
const FRAGMENTS = [
  'WEBVTT', '\uFEFF', '\n', '\n\n', '\r\n', '\r', ' ', '-->', ' --> ', '00:00:01.000', '00:00:02,500', '01:02', '1',
  'NOTE', 'STYLE', '<v Ann>', '<v.x Bob>', '</v>', '<i>', '&amp;', 'AI:', 'User:', 'Interviewer: ', 'Note: ', '[00:00:05] ',
  'Ann (00:01): ', 'hello', 'why?', '{', '}', '[', ']', ',', ':', '"', '"speaker"', '"text"', '"utterances"', '"start"',
  '"end"', '"start_ms"', '"words"', '"status"', '"completed"', '0', '-1', '1e309', 'null', 'true', '"A"', '"x"',
];

const fragmentText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((a) => a.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme-ascii', maxLength: 400 }), fragmentText);

function parseOrTypedError(text: string, format: (typeof FORMATS)[number]): void {
  let result: ReturnType<typeof parseTranscript>;
  try {
    result = parseTranscript(text, { format });
  } catch (err) {
    if (!(err instanceof TranscriptParseError)) throw err;
    expect(err.message.length).toBeGreaterThan(0);
    if (err.line !== undefined) {
      expect(err.line).toBeGreaterThanOrEqual(1);
      expect(err.line).toBeLessThanOrEqual(text.split(/\r\n|\r|\n/).length);
    }
    return;
  }
  expect(result.utterances.length).toBeGreaterThan(0);
  for (const u of result.utterances) ParsedUtterance.parse(u);
  const timed = toUtterances(result.utterances, inferRoles(result.utterances));
  for (const u of timed.utterances) Utterance.parse(u);
}

describe('property: any input yields a result or a TranscriptParseError', () => {
  it('arbitrary strings, every format', () => {
    fc.assert(fc.property(anyText, fc.constantFrom(...FORMATS), (text, format) => parseOrTypedError(text, format)), { numRuns: 3000 });
  });

  it('the JSON error locator agrees with JSON.parse', () => {
    const jsonish = fc.oneof(fc.json(), fragmentText, fc.json().map((j) => j.slice(0, Math.floor(j.length / 2))));
    fc.assert(
      fc.property(jsonish, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(text) === -1).toBe(valid);
      }),
      { numRuns: 3000 },
    );
  });

  it('deeply nested JSON does not overflow the stack', () => {
    expect(jsonErrorOffset('['.repeat(200_000))).toBe(200_000);
    expect(() => parseTranscript('['.repeat(200_000))).toThrow(TranscriptParseError);
  });

  it('round trip: transcriptText of any turns parses back to the same turns', () => {
    const word = fc.stringMatching(/^[a-z0-9?!.,'’-]{1,8}$/);
    const body = fc
      .array(fc.tuple(word, fc.constantFrom(' ', ' ', '\n', '\n\n')), { minLength: 1, maxLength: 30 })
      .map((parts) => parts.map(([w, sep]) => w + sep).join('').trim());
    const turn = fc.record({ speaker: fc.constantFrom('AI', 'User', 'Dr. Ann Lee', 'Speaker 2', 'Bob'), text: body });
    fc.assert(
      fc.property(fc.array(turn, { minLength: 1, maxLength: 12 }), (turns) => {
        expect(parseTranscript(transcriptText(turns)).utterances).toEqual(turns);
      }),
      { numRuns: 500 },
    );
  });
});
