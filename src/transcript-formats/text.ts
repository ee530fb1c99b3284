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

/** Word count used for speaking-rate estimates and role inference. */
export function countWords(text: string): number {
  const m = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu);
  return m ? m.length : 0;
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
