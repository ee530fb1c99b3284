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
    // group already stands on its own, unless it is a fragment that needs the sentence before
    // ("That's only going to grow.", "Because it saves time.") and the two still fit in a unit.
    const needsPrevious = dependsOnPrevious(s.tokens) && curWords + w <= MAX_UNIT_WORDS;
    if (cur.length > 0 && !needsPrevious && (curWords >= MIN_SENTENCE_WORDS && (w >= MIN_SENTENCE_WORDS || curWords + w > MAX_UNIT_WORDS))) {
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

/** Conjunctions that continue the sentence before ("And...", "Because...", "Which..."). */
const CONTINUATIONS = new Set(['and', 'but', 'because', 'cause', 'which', 'or', 'nor', 'whereas', 'although', 'though']);
/** Pronouns that point back when they open a sentence as its subject ("That's why...", "This means..."; not "it", which mostly opens a claim of its own). */
const BACK_REFERENCES = new Set(['that', 'this', 'those', 'these']);

/**
 * A sentence that is not a complete thought on its own: it opens with a continuing conjunction,
 * or with a pronoun pointing back as its subject followed by its verb, or it has no verb at all.
 */
export function dependsOnPrevious(tokens: Token[]): boolean {
  const words = tokens.filter((t) => t.type === 'word');
  const first = words[0];
  if (!first) return false;
  if (CONTINUATIONS.has(first.text)) return true;
  if (BACK_REFERENCES.has(first.text) && (words[1]?.pos === 'VERB' || words[1]?.pos === 'AUX')) return true;
  return !words.some((t) => t.pos === 'VERB' || t.pos === 'AUX');
}
