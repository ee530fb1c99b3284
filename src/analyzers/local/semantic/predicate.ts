import type { Token } from '../nlp.js';
import { stem } from './concept.js';
import { wordVectors } from './word-vectors.js';

/**
 * What is done with a concept: the verb that governs it in a unit ("we *built* the community",
 * "I *work on* open source"), so a theme can be named as a researcher would, "Building the
 * community", rather than after the noun alone. General English grammar only: verbs too light
 * to say anything (be, have, get...) are skipped.
 */
const LIGHT = new Set([
  'be', 'have', 'do', 'get', 'go', 'say', 'tell', 'know', 'think', 'mean', 'see', 'let', 'like', 'want', 'need', 'feel',
  'seem', 'come', 'give', 'put', 'try', 'call', 'guess', 'hear', 'ask', 'keep', 'become', 'happen', 'include', 'involve',
  'can', 'will', 'would', 'should', 'could', 'may', 'might', 'must', 'gonna', 'wanna', 'gotta', 'love', 'hate', 'find',
]);
/** Words that may stand between a verb and its object's head. */
const BETWEEN = new Set(['DET', 'PRON', 'ADJ', 'NOUN', 'PROPN', 'NUM', 'ADV']);

export interface Predicate {
  /** Verb lemma, with its particle or preposition when it has one ("work on"). */
  key: string;
  /** Gerund as said in the unit when it was said so, else built from the lemma ("working on"). */
  gerund: string;
}

/** The verb governing the first place the unit says the concept (stemmed `key`), or null. */
export function governingVerb(tokens: readonly Token[], key: string): Predicate | null {
  const words = key.split(' ');
  const ts = tokens.filter((t) => t.type === 'word');
  for (let i = words.length - 1; i < ts.length; i++) {
    if (!words.every((w, k) => stem(ts[i - words.length + 1 + k]!.text) === w)) continue;
    // the concept modifies the noun after it ("hiring sales people"), or the verb's point is the
    // state it leaves it in ("make the process faster", "get the colours right"): not what is done to it
    const after = ts[i + 1]?.pos;
    if (after === 'NOUN' || after === 'PROPN' || after === 'ADJ') return null;
    let prep: string | null = null;
    let object = false; // a word between a preposition and the verb: the verb's object is another
    for (let j = i - words.length, steps = 0; j >= 0 && steps < 5; j--, steps++) {
      const t = ts[j]!;
      if (t.pos === 'ADP' || t.pos === 'PART') {
        if (prep !== null) break;
        prep = t.text;
        continue;
      }
      if (prep !== null && t.pos !== 'VERB' && t.pos !== 'ADV') object = true;
      if (object && t.pos === 'VERB') return null;
      if (t.pos === 'VERB') {
        if (LIGHT.has(t.lemma) || t.lemma.length < 3 || !/^[a-z]+$/u.test(t.lemma)) return null;
        const base = prep === null ? t.lemma : `${t.lemma} ${prep}`;
        const ing = t.text.endsWith('ing') ? t.text : gerundOf(t.lemma);
        return { key: base, gerund: prep === null ? ing : `${ing} ${prep}` };
      }
      if (!BETWEEN.has(t.pos)) break;
    }
    return null;
  }
  return null;
}

/** "-ing" form of a verb lemma by English spelling rules (make -> making, plan -> planning). */
export function gerundOf(lemma: string): string {
  if (lemma.endsWith('ie')) return `${lemma.slice(0, -2)}ying`;
  // continue -> continuing, issue -> issuing
  if (lemma.endsWith('ue')) return `${lemma.slice(0, -1)}ing`;
  if (/[^aeiouy]e$/u.test(lemma) && lemma !== 'be') return `${lemma.slice(0, -1)}ing`;
  if (/^[^aeiou]*[aeiou][^aeiouwxy]$/u.test(lemma) || /^(?:be|for|up)[^aeiou]*[aeiou][nt]$/u.test(lemma)) return `${lemma}${lemma.slice(-1)}ing`;
  return `${lemma}ing`;
}

/** How a unit says the concept: its words as said and the determiner before them ("their", "the", "a" or ""). */
export function spokenForm(tokens: readonly Token[], key: string): { words: string; det: string } | null {
  const words = key.split(' ');
  const ts = tokens.filter((t) => t.type === 'word');
  for (let i = words.length - 1; i < ts.length; i++) {
    const span = ts.slice(i - words.length + 1, i + 1);
    if (!words.every((w, k) => stem(span[k]!.text) === w)) continue;
    const before = ts[i - words.length]?.text ?? '';
    const det = POSSESSIVE.has(before) ? 'their' : DEFINITE.has(before) ? 'the' : before === 'a' || before === 'an' ? 'a' : '';
    return { words: span.map((t) => t.text).join(' '), det };
  }
  return null;
}
const POSSESSIVE = new Set(['my', 'our', 'your', 'his', 'her', 'their']);
const DEFINITE = new Set(['the', 'this', 'that', 'these', 'those']);

/**
 * How a theme writes its concept: as a kind of thing, not a particular one ("the girl", "a company"
 * name nobody). Their own ("their family") when most say it so; else the plural when some say it
 * in the plural, or when it is a count noun (said with "a", or common in the plural), else the bare
 * word ("money", "data").
 */
export function commonForm(forms: { words: string; det: string }[]): string | null {
  if (forms.length === 0) return null;
  const top = (xs: string[]) => [...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>())]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  const words = top(forms.map((f) => f.words));
  if (top(forms.map((f) => f.det)) === 'their') return `their ${words}`;
  if (words.endsWith('s')) return words;
  const stemOf = words.slice(0, -1);
  const plural = forms.filter((f) => f.words !== words && f.words.endsWith('s') && f.words.startsWith(stemOf));
  if (plural.length >= 0.1 * forms.length) return top(plural.map((f) => f.words));
  // a phrase ("open source") is written as said: "an open source project" says "a" before a modifier
  if (words.includes(' ')) return words;
  // an acronym ("AI", acronym.ts) is written as said: "AIs" only when some say it so (above)
  if (/\p{Lu}/u.test(words)) return words;
  return countNoun(words, forms.some((f) => f.det === 'a')) ? pluralOf(words) : words;
}

/**
 * A count noun is about as common in the plural as in the singular in general English (word
 * frequency ranks of the embedding corpus): "landlords" is, "moneys" and "researches" are not;
 * said with "a" its plural need only be in common use.
 */
function countNoun(words: string, saidWithA: boolean): boolean {
  const last = words.split(' ').at(-1)!;
  const wv = wordVectors();
  const plural = wv.rank(pluralOf(last));
  // "a brainstorming session", "a research project" say "a" before a noun used as a modifier: the
  // plural must be a word in common use too
  const ratio = plural / wv.rank(last);
  return Number.isFinite(plural) && (ratio <= 2 || (saidWithA && ratio <= 10));
}

/** English plural of a phrase's last word (company -> companies, box -> boxes, app -> apps). */
export function pluralOf(words: string): string {
  if (/[^aeiou]y$/u.test(words)) return `${words.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/u.test(words)) return `${words}es`;
  return `${words}s`;
}
