import { tokens as tokensOf, type Token } from '../nlp.js';
import { stem } from './concept.js';

/**
 * Words said as the topic noun of a unit, decided from their place in the sentence rather than
 * from the tagger's part of speech alone: the tagger calls "right" a noun in "right?", "Right."
 * and "that's right", none of which is about rights. A noun is not a topic when
 * - it is part of a discourse marker or hedge ("right now", "kind of", "a lot", "you know",
 *   "the thing is", "at the end of the day"): fixed phrases of speech, not topic words;
 * - it stands bare (no determiner, possessive, number or adjective before it, not plural) in a
 *   clause of one or two words ("right?", ", right,", "Sure thing."): a tag or an interjection;
 * - it is a bare singular right after a copula ("that's right", "it was fine"): a predicative
 *   adjective the tagger misread;
 * - it is a bare singular right after a modal or a verb-introducing contraction ("wanna talk about",
 *   "let me talk", "we could market it"): a verb the tagger misread ("wanna", "gonna" themselves are
 *   called nouns too and are never topics);
 * - it is part of an idiom whose meaning is not the noun's ("on board" = joined or agreeing, "in the
 *   process of" = while doing): listed with the discourse markers.
 */
const MARKERS: string[][] = [
  ['right', 'now'], ['all', 'right'], ['you', 'know'], ['i', 'mean'], ['kind', 'of'], ['sort', 'of'], ['a', 'lot'],
  ['a', 'bit'], ['the', 'thing', 'is'], ['at', 'the', 'end', 'of', 'the', 'day'], ['in', 'a', 'way'], ['of', 'course'],
  ['at', 'the', 'time'], ['at', 'this', 'point'], ['at', 'that', 'point'], ['for', 'sure'], ['no', 'problem'],
  ['on', 'board'], ['in', 'the', 'process', 'of'],
];
/** Words after which a bare singular the tagger calls a noun is a verb: modals, "wanna"-type contractions, "let me". */
const VERB_OPENERS = new Set(['wanna', 'gonna', 'gotta', 'can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must', "'ll", '’ll', "'d", '’d']);
const CONTRACTIONS = new Set(['wanna', 'gonna', 'gotta']);
const LET = new Set(['me', 'us', "'s", '’s']);

/** Words that open a noun phrase: the noun after them is what the clause is about. */
const OPENERS = new Set(['DET', 'NUM', 'ADJ']);
const POSSESSIVE = new Set(['my', 'our', 'your', 'his', 'her', 'their', 'its', "'s", '’s']);
const COPULA = new Set(['is', 'was', "'s", '’s', 'are', 'were', 'be', 'been', "'re", '’re']);

/** Per token (same indices as `toks`): whether it is said as a topic noun. */
export function topicFlags(toks: readonly Token[]): boolean[] {
  const inMarker = markerTokens(toks);
  const flags = toks.map(() => false);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.type !== 'word' || (t.pos !== 'NOUN' && t.pos !== 'PROPN') || inMarker[i] || CONTRACTIONS.has(t.text)) continue;
    // the noun phrase's words before it (modifiers) and the word before the phrase
    let j = i - 1;
    while (j >= 0 && toks[j]!.type === 'word' && (toks[j]!.pos === 'NOUN' || toks[j]!.pos === 'PROPN' || toks[j]!.pos === 'ADJ')) j--;
    const before = j >= 0 ? toks[j]! : undefined;
    const opened = j < i - 1 || (before !== undefined && (OPENERS.has(before.pos) || POSSESSIVE.has(before.text)));
    const plural = t.text !== t.lemma && stem(t.text) !== t.text;
    const prev = toks[i - 1];
    if (!plural && prev && (VERB_OPENERS.has(prev.text) || (LET.has(prev.text) && toks[i - 2]?.text === 'let'))) continue;
    if (!opened && !plural) {
      if (clauseWords(toks, i) <= 2) continue;
      if (before && COPULA.has(before.text)) continue;
    }
    flags[i] = true;
  }
  return flags;
}

/** Stems of the words said as topic nouns in the tokens. */
export function topicNouns(toks: readonly Token[]): string[] {
  const flags = topicFlags(toks);
  return toks.flatMap((t, i) => (flags[i] ? [stem(t.text)] : []));
}

/** Whether a text says the concept key as a topic (a phrase of several words: whether it says it at all). */
export function saysAsTopic(text: string, key: string): boolean {
  if (key.includes(' ')) return true;
  return topicNouns(tokensOf(text)).includes(key);
}

/** Tokens inside a discourse marker (matched on lower-cased words, punctuation breaking a match). */
function markerTokens(toks: readonly Token[]): boolean[] {
  const out = toks.map(() => false);
  for (let i = 0; i < toks.length; i++) {
    for (const m of MARKERS) {
      if (i + m.length > toks.length || !m.every((w, k) => toks[i + k]!.text === w)) continue;
      for (let k = 0; k < m.length; k++) out[i + k] = true;
    }
  }
  return out;
}

/** Words in the clause around token i (between punctuation marks). */
function clauseWords(toks: readonly Token[], i: number): number {
  let n = 1;
  for (let j = i - 1; j >= 0 && toks[j]!.type !== 'punctuation'; j--) if (toks[j]!.type === 'word') n++;
  for (let j = i + 1; j < toks.length && toks[j]!.type !== 'punctuation'; j++) if (toks[j]!.type === 'word') n++;
  return n;
}
