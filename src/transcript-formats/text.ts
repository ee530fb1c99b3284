import { TranscriptParseError } from '../domain/errors.js';

/**
 * Shared text helpers for the transcript parsers: every parser first normalises the raw input the
 * same way so BOMs, CRLF/CR line endings and a missing final newline never matter.
 */

/** Strips a leading BOM and turns CRLF / CR into LF. */
export function normaliseNewlines(raw: string): string {
  return raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Splits normalised text into lines; line numbers are index + 1. */
export function splitLines(text: string): string[] {
  return text.split('\n');
}

/** `1:23`, `01:02:03`, `00:01:02.500`, `00:01:02,5` */
export const CLOCK = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`;

/**
 * Parses a clock time into milliseconds. Two fields are mm:ss, three are hh:mm:ss; the fraction is
 * a decimal fraction of a second. Returns undefined when the string is not a clock time.
 */
export function clockToMs(value: string): number | undefined {
  const m = /^(\d{1,3}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,3}))?$/.exec(value.trim());
  if (!m) return undefined;
  const [, a, b, c, frac] = m;
  const hours = c === undefined ? 0 : Number(a);
  const minutes = c === undefined ? Number(a) : Number(b);
  const seconds = c === undefined ? Number(b) : Number(c);
  if (minutes > 59 && c !== undefined) return undefined;
  if (seconds > 59) return undefined;
  const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Word count used for speaking-rate estimates and role inference: a word is a letter or digit
 * followed by letters, digits, apostrophes (' ’) and hyphens, the same count as matching
 * `[\p{L}\p{N}][\p{L}\p{N}'’-]*` globally, in one pass without building the matches (it runs
 * twice per turn on every submission and transcribe step).
 */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let letterOrDigit: boolean;
    let joiner = false; // ' ’ - continue a word, never start one
    if (c < 128) {
      letterOrDigit = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
      joiner = c === 39 || c === 45;
    } else if (c === 0x2019) {
      letterOrDigit = false;
      joiner = true;
    } else {
      const cp = text.codePointAt(i)!;
      letterOrDigit = LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
      if (cp > 0xffff) i++;
    }
    if (letterOrDigit && !inWord) words++;
    inWord = letterOrDigit || (inWord && joiner);
  }
  return words;
}

/** Throws the standard "nothing to parse" error. */
export function assertNotBlank(text: string): void {
  if (text.trim() === '') throw new TranscriptParseError('the transcript is empty');
}

/** Line number (1-based) of a character offset in normalised text. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
