import type { FacetKind } from '../../domain/analysis.js';
import { normalize } from '../../verbatim-guard/normalize.js';
import type { Token } from './nlp.js';

/**
 * A facet's value as a noun phrase a researcher can read and group: "exporting assets" rather
 * than the cue that found it ("i want"), "freelance illustrator" rather than "im a", "time"
 * rather than "saved me". Built from the unit's own words around the cue:
 * - a verb (an action, a goal, "helped me") -> its gerund and the noun phrase it acts on,
 *   looking through wanting/trying/starting verbs ("I want to export assets" -> "exporting assets");
 * - an adjective -> the adjective with the noun it describes, else the noun phrase before it
 *   ("mixing is difficult" -> "mixing");
 * - a noun -> its compound noun phrase ("the human element" -> "human element").
 * Falls back to the cue when the unit offers no noun phrase. Determiners and pronouns are left out.
 */

/** Verbs that pass on to the verb after them: the action is that one. */
const CHAIN = new Set(['want', 'need', 'like', 'love', 'hope', 'plan', 'try', 'start', 'begin', 'keep', 'wish', 'aim', 'intend', 'decide', 'continue', 'end', 'get', 'go', 'be', 'have', 'would', 'will', 'could', 'should', 'can', 'help', 'allow', 'let', 'make', 'enable']);
const NOUNISH = new Set(['NOUN', 'PROPN', 'NUM']);
const MAX_PHRASE_WORDS = 4;
const QUANTITY = new Set(['lot', 'lots', 'bit', 'couple', 'few', 'number', 'kind', 'sort', 'type', 'bunch', 'ton', 'tons', 'plenty', 'piece', 'part']);

export function facetPhrase(kind: FacetKind, cue: string, tokens: Token[]): string {
  const words = tokens.filter((t) => t.type === 'word' || t.type === 'number');
  const at = cueIndex(cue, words);
  if (at < 0) return cue;
  const phrase = kind === 'tool' ? null
    : kind === 'context' ? nounPhraseFrom(words, at) ?? (NOUNISH.has(words[at]!.pos) ? compound(words, at) : words[at]!.pos === 'VERB' ? actionPhrase(words, at, false) : null)
    : fromHead(words, at, FEELING.has(kind));
  if (phrase && phrase.split(' ').length <= MAX_PHRASE_WORDS + 1) return phrase;
  // no phrase around it: the cue's head itself, as a noun ("i ended" -> "ending")
  const head = words[at]!;
  if (kind !== 'tool' && (head.pos === 'VERB' || head.pos === 'AUX') && !CHAIN.has(head.lemma)) return gerund(head);
  return cue.split(' ').filter((w) => !PRONOUNS.has(w)).join(' ') || cue;
}

const PRONOUNS = new Set(['i', 'im', 'ive', 'id', 'ill', 'we', 'me', 'my', 'our', 'us', 'you', 'it', 'its']);

/** Facets of a stance towards something: the value is that something ("worry about the impact" -> "impact"). */
const FEELING = new Set<FacetKind>(['emotion', 'pain', 'gain', 'value']);

function fromHead(words: Token[], at: number, aboutObject: boolean): string | null {
  const t = words[at]!;
  if (t.pos === 'VERB' || t.pos === 'AUX') return actionPhrase(words, at, aboutObject);
  if (NOUNISH.has(t.pos)) return compound(words, at);
  if (t.pos === 'ADJ') {
    const after = nounRun(words, at + 1);
    if (after.length > 0) return [t, ...after].map(text).join(' ');
    return nounPhraseBefore(words, at);
  }
  return null;
}

/**
 * The gerund of the action (the first verb that is not a wanting/trying verb) and what it acts on;
 * for a stance ("hate", "worry", "helped me") only what it is about, when the unit says it.
 */
function actionPhrase(words: Token[], i: number, aboutObject: boolean): string | null {
  let v = i;
  for (let j = i; j < Math.min(words.length, i + 6); j++) {
    const t = words[j]!;
    if (t.pos === 'VERB' || t.pos === 'AUX') {
      v = j;
      if (!CHAIN.has(t.lemma)) break;
    } else if (!(t.pos === 'PART' || t.pos === 'ADV' || t.pos === 'PRON')) break;
  }
  const head = words[v]!;
  const obj = objectOf(words, v + 1);
  if (aboutObject && v === i) {
    const about = obj[0]?.pos === 'ADP' ? obj.slice(1) : obj;
    return about.length > 0 ? about.map(text).join(' ') : null;
  }
  if (aboutObject && v > i) return [gerund(head), ...obj.map(text)].join(' ');
  if (CHAIN.has(head.lemma) && obj.length === 0) return null;
  return [gerund(head), ...obj.map(text)].join(' ');
}

/** What a verb acts on: a noun phrase after it (pronouns and determiners left out), through one preposition. */
function objectOf(words: Token[], i: number): Token[] {
  let k = i;
  while (k < words.length && k < i + 2 && (words[k]!.pos === 'PRON' || words[k]!.pos === 'DET')) k++;
  const direct = phraseRun(words, k);
  if (direct.length > 0) return direct;
  if (words[k]?.pos === 'ADP') {
    let m = k + 1;
    while (m < words.length && m < k + 3 && (words[m]!.pos === 'PRON' || words[m]!.pos === 'DET')) m++;
    const run = phraseRun(words, m);
    if (run.length > 0) return [words[k]!, ...run];
  }
  return [];
}

/** A noun phrase starting at i, skipping pronouns, determiners and "be"/"as". */
function nounPhraseFrom(words: Token[], i: number): string | null {
  let k = i;
  while (k < words.length && k < i + 4 && (words[k]!.pos === 'PRON' || words[k]!.pos === 'DET' || words[k]!.pos === 'AUX' || words[k]!.lemma === 'be' || words[k]!.text === 'as')) k++;
  const run = phraseRun(words, k);
  return run.some((t) => NOUNISH.has(t.pos)) ? run.map(text).join(' ') : null;
}

/** The noun phrase just before i (the subject of "X is difficult"). */
function nounPhraseBefore(words: Token[], i: number): string | null {
  let k = i - 1;
  while (k >= 0 && (words[k]!.pos === 'AUX' || words[k]!.pos === 'ADV' || words[k]!.pos === 'PART')) k--;
  const end = k;
  while (k >= 0 && (NOUNISH.has(words[k]!.pos) || words[k]!.pos === 'ADJ' || (words[k]!.pos === 'VERB' && words[k]!.text.endsWith('ing')))) k--;
  const run = words.slice(k + 1, end + 1);
  return run.some((t) => NOUNISH.has(t.pos) || t.text.endsWith('ing')) ? run.slice(-MAX_PHRASE_WORDS).map(text).join(' ') : null;
}

/** Adjectives and nouns from i on (a noun phrase without its determiner), at most a few words. */
function phraseRun(words: Token[], i: number): Token[] {
  const out: Token[] = [];
  // a quantity is not the thing: "a lot of snake oil" -> "snake oil"
  if (QUANTITY.has(words[i]?.lemma ?? '') && words[i + 1]?.text === 'of') i += 2;
  for (let k = i; k < words.length && out.length < MAX_PHRASE_WORDS; k++) {
    const t = words[k]!;
    if (NOUNISH.has(t.pos) || t.pos === 'ADJ') out.push(t);
    else break;
  }
  // end on a noun: "the final" is not a phrase, "the final mix" is
  while (out.length > 0 && !NOUNISH.has(out.at(-1)!.pos)) out.pop();
  return out;
}

function nounRun(words: Token[], i: number): Token[] {
  const out: Token[] = [];
  for (let k = i; k < words.length && NOUNISH.has(words[k]!.pos) && out.length < MAX_PHRASE_WORDS; k++) out.push(words[k]!);
  return out;
}

/** A noun with the adjectives and nouns right before it and the nouns right after it. */
function compound(words: Token[], i: number): string {
  let s = i;
  while (s > 0 && i - s < 2 && (NOUNISH.has(words[s - 1]!.pos) || words[s - 1]!.pos === 'ADJ')) s--;
  let e = i;
  while (e + 1 < words.length && e - i < 2 && NOUNISH.has(words[e + 1]!.pos)) e++;
  return words.slice(s, e + 1).map(text).join(' ');
}

/**
 * Position of the cue's head among the unit's words (surface form or lemma): its last word, found
 * after its first when the cue has several ("i also play" matched "i play").
 */
function cueIndex(cue: string, words: Token[]): number {
  const parts = cue.split(' ');
  const forms = words.map((t) => [normalize(t.text), normalize(t.lemma)]);
  const last = parts.at(-1)!;
  for (let i = 0; i < words.length; i++) {
    if (!forms[i]!.includes(last)) continue;
    if (parts.length === 1) return i;
    const first = parts[0]!;
    for (let j = Math.max(0, i - 4); j < i; j++) if (forms[j]!.some((f) => f === first || f.startsWith(first))) return i;
  }
  return -1;
}

function text(t: Token): string {
  return t.text;
}

/** The -ing form of a verb ("use" -> "using", "run" -> "running", "edit" -> "editing"). */
export function gerund(t: Token): string {
  if (t.text.endsWith('ing')) return t.text;
  const l = t.lemma;
  if (l === 'be') return 'being';
  if (l.endsWith('ie')) return `${l.slice(0, -2)}ying`;
  if (l.endsWith('e') && !/(?:ee|ye|oe)$/.test(l) && l.length > 2) return `${l.slice(0, -1)}ing`;
  if (/^[^aeiou]*[aeiou][bdgmnprt]$/.test(l) && l.length <= 4) return `${l}${l.at(-1)}ing`;
  return `${l}ing`;
}
