import type { Utterance } from '../../domain/transcript.js';
import { substanceSpan } from './meta-talk.js';
import { sentences, tokens as tokensOf, type Sentence, type Token } from './nlp.js';

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
  // Talk about the interview itself ("good question", "no questions, let's begin") is cut out:
  // a sentence that is only meta-talk separates units, so no unit spans it.
  const groups = runsWithoutMetaTalk(sentences(utt.text)).flatMap(groupSentences);
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

/** Runs of consecutive sentences with meta-talk removed: whole meta sentences split runs, meta clauses at a sentence's edge are cut off. */
function runsWithoutMetaTalk(sents: Sentence[]): Sentence[][] {
  const runs: Sentence[][] = [[]];
  let quotes = 0;
  for (const s of sents) {
    // Inside or around a quotation it is someone's reported words ("he said: let's do this"), not talk about the interview.
    const quoted = quotes % 2 === 1 || /["“”]/.test(s.text);
    quotes += (s.text.match(/["“”]/g) ?? []).length;
    const span: [number, number] | null = quoted ? [0, s.text.length] : substanceSpan(s.text);
    if (!span) {
      if (runs[runs.length - 1]!.length > 0) runs.push([]);
      continue;
    }
    const [a, b] = span;
    if (a === 0 && b === s.text.length) runs[runs.length - 1]!.push(s);
    else {
      const text = s.text.slice(a, b);
      // A cut head or tail ends the run: no unit spans the cut.
      if (a > 0 && runs[runs.length - 1]!.length > 0) runs.push([]);
      runs[runs.length - 1]!.push({ start: s.start + a, end: s.start + b, text, tokens: [...tokensOf(text)] });
      if (b < s.text.length) runs.push([]);
    }
  }
  return runs.filter((r) => r.length > 0);
}

/** Groups a run of sentences into units of a sentence or two. */
function groupSentences(sents: Sentence[]): Sentence[][] {
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
  return groups;
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
