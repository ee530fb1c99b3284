import type { Utterance } from '../../domain/transcript.js';
import { sentences, type Sentence, type Token } from './nlp.js';

/**
 * Splits a participant utterance into evidence units: one claim or experience each, a sentence or
 * two. Very short sentences ("Yes.", "Hmm.") are merged into their neighbour; units without enough
 * content words are not evidence.
 */

export interface Unit {
  utterance: Utterance;
  start: number;
  end: number;
  text: string;
  tokens: Token[];
}

const MIN_SENTENCE_WORDS = 6;
const MAX_UNIT_WORDS = 45;
const MIN_CONTENT_WORDS = 3;

export function wordCount(tokens: Token[]): number {
  return tokens.filter((t) => t.type === 'word' || t.type === 'number').length;
}

export function contentWords(tokens: Token[]): Token[] {
  return tokens.filter((t) => (t.type === 'word' || t.type === 'number') && !t.stop && t.text.length > 1);
}

export function segmentUtterance(utt: Utterance): Unit[] {
  const sents = sentences(utt.text);
  const groups: Sentence[][] = [];
  let cur: Sentence[] = [];
  let curWords = 0;
  for (const s of sents) {
    const w = wordCount(s.tokens);
    // A short sentence joins the current group; a long one starts a new group once the current
    // group already stands on its own.
    if (cur.length > 0 && (curWords >= MIN_SENTENCE_WORDS && (w >= MIN_SENTENCE_WORDS || curWords + w > MAX_UNIT_WORDS))) {
      groups.push(cur);
      cur = [];
      curWords = 0;
    }
    cur.push(s);
    curWords += w;
  }
  if (cur.length > 0) {
    // A short tail belongs to the previous unit.
    if (curWords < MIN_SENTENCE_WORDS && groups.length > 0) groups[groups.length - 1]!.push(...cur);
    else groups.push(cur);
  }
  const units: Unit[] = [];
  for (const g of groups) {
    const start = g[0]!.start;
    const end = g[g.length - 1]!.end;
    const tokens = g.flatMap((s) => s.tokens);
    if (contentWords(tokens).length < MIN_CONTENT_WORDS) continue;
    units.push({ utterance: utt, start, end, text: utt.text.slice(start, end), tokens });
  }
  return units;
}
