/**
 * Text normalisation with an offset map back to the original string. The verbatim guard matches
 * quotes on normalised text (case, punctuation and whitespace ignored) but must store the exact
 * original substring, so every normalised character remembers where it came from.
 */

export interface NormalizedText {
  /** Lower-case letters/digits, single spaces between words, no leading/trailing space. */
  text: string;
  /** For each character of `text`, the index of the original character it came from. */
  map: number[];
}

/** Apostrophes and similar joiners are dropped (don't -> dont) so "don’t" matches "don't". */
const JOINERS = /['’‘`´]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

function isAsciiWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

export function normalizeWithMap(original: string): NormalizedText {
  const map: number[] = [];
  return { text: normalizeInto(original, map), map };
}

/** The normalised text alone: no offset map is built (quotes, words and the local analyzer need none). */
export function normalize(s: string): string {
  return normalizeInto(s, null);
}

/** Normalises `original`; when `map` is given, pushes each normalised character's original index. */
function normalizeInto(original: string, map: number[] | null): string {
  let text = '';
  let pendingSpace = false;
  // Iterate by code point so astral characters keep their original offsets. ASCII (nearly every
  // character of a transcript) is classified by its code: this runs over every participant
  // utterance of every interview, and a Unicode regex test per character was most of its cost.
  for (let i = 0; i < original.length; ) {
    const c = original.charCodeAt(i);
    if (c < 128) {
      if (!isAsciiWordChar(c)) {
        if (c !== 39 && c !== 96) pendingSpace = true; // ' and ` are joiners (JOINERS)
        i++;
        continue;
      }
      if (pendingSpace && text.length > 0) {
        text += ' ';
        map?.push(i);
      }
      pendingSpace = false;
      // a run of ASCII letters and digits at once (lower-casing ASCII keeps the length)
      const start = i;
      if (map) while (i < original.length && isAsciiWordChar(original.charCodeAt(i))) map.push(i++);
      else while (i < original.length && isAsciiWordChar(original.charCodeAt(i))) i++;
      text += original.slice(start, i).toLowerCase();
      continue;
    }
    const cp = original.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const width = ch.length;
    if (WORD_CHAR.test(ch)) {
      if (pendingSpace && text.length > 0) {
        text += ' ';
        map?.push(i);
      }
      pendingSpace = false;
      // toLowerCase can change length for a few characters; keep the map aligned.
      const lower = ch.toLowerCase();
      text += lower;
      if (map) for (let k = 0; k < lower.length; k++) map.push(i);
    } else if (!JOINERS.test(ch)) {
      pendingSpace = true;
    }
    i += width;
  }
  return text;
}

/** A word of the normalised text with its span in the ORIGINAL string. */
export interface SpannedToken {
  norm: string;
  start: number;
  end: number;
}

/** Words of `original` (normalised) with original [start, end) spans. */
export function spannedTokens(original: string): SpannedToken[] {
  const { text, map } = normalizeWithMap(original);
  const out: SpannedToken[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') { i++; continue; }
    let j = i;
    while (j < text.length && text[j] !== ' ') j++;
    const start = map[i]!;
    const lastOrig = map[j - 1]!;
    out.push({ norm: text.slice(i, j), start, end: lastOrig + charWidthAt(original, lastOrig) });
    i = j;
  }
  return out;
}

function charWidthAt(s: string, idx: number): number {
  const cp = s.codePointAt(idx);
  return cp !== undefined && cp > 0xffff ? 2 : 1;
}

/** Map a [start, end) range of normalised text back to an original [start, end) range. */
export function originalSpan(original: string, n: NormalizedText, start: number, end: number): [number, number] {
  const s = n.map[start]!;
  const lastOrig = n.map[end - 1]!;
  return [s, lastOrig + charWidthAt(original, lastOrig)];
}
