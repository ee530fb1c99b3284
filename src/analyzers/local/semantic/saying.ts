import type { Token } from '../nlp.js';
import { stem } from './concept.js';
import { gerundOf } from './predicate.js';

/**
 * What a unit says about a concept, as a short phrase a researcher would title a theme with:
 * the stance or action it takes toward the concept ("Wanting X", "Using X") or, failing a shared
 * one, the clause that says it turned into a phrase ("Checking code before using it"). General
 * English grammar only (part-of-speech tags, no study's words).
 */

/** Verbs that say a stance toward what they govern, and how a theme name says it. */
const STANCE: Record<string, string> = {
  want: 'Wanting', need: 'Needing', wish: 'Wishing for', hope: 'Hopes for', like: 'Liking', love: 'Loving',
  enjoy: 'Enjoying', hate: 'Disliking', dislike: 'Disliking', worry: 'Worries about', fear: 'Fears about',
  trust: 'Trusting', distrust: 'Distrusting', miss: 'Missing', prefer: 'Preferring', avoid: 'Avoiding',
};
/** Verbs too light to name what is done (be, have, get...): they say nothing alone. */
const LIGHT = new Set([
  'be', 'have', 'do', 'get', 'go', 'say', 'tell', 'know', 'think', 'mean', 'see', 'let', 'seem', 'come', 'give', 'put',
  'try', 'call', 'guess', 'hear', 'ask', 'keep', 'become', 'happen', 'include', 'involve', 'can', 'will', 'would',
  'should', 'could', 'may', 'might', 'must', 'gonna', 'wanna', 'gotta', 'feel',
]);
/** Words that may stand between a verb and the concept it governs. */
const BETWEEN = new Set(['DET', 'PRON', 'ADJ', 'NOUN', 'PROPN', 'NUM', 'ADV', 'ADP', 'PART']);
const SUBJECT = new Set(['i', 'we', 'you', 'they', 'he', 'she', 'it', 'one', 'people']);
const OWN: Record<string, string> = { my: 'their', our: 'their', your: 'their', his: 'their', me: 'them', us: 'them', myself: 'themselves', ourselves: 'themselves', i: 'they', we: 'they' };
/** Words a phrase does not end on: it would read as cut off. */
const DANGLING = new Set(['ADP', 'DET', 'CCONJ', 'SCONJ', 'PART', 'AUX', 'PRON', 'ADV']);
/** Words that open another clause: a phrase stops before them once it has the concept. */
const OPENS = new Set(['CCONJ', 'SCONJ']);
/** Verbs whose clause is about something else ("thinking balance is the key"). */
const REPORTING = new Set(['think', 'know', 'mean', 'guess', 'seem', 'feel', 'say', 'tell', 'be', 'believe', 'suppose', 'hope', 'wish', 'like']);
const LEADING = new Set(['PART', 'AUX', 'SCONJ', 'CCONJ', 'ADV', 'PRON', 'ADP']);
const OPENING_WORDS = new Set(['when', 'while', 'where', 'because', 'if', 'which', 'that', 'who', 'so', 'what', 'how', 'why', 'whether']);
const NOMINATIVE = new Set(['i', 'we', 'they', 'he', 'she', 'you']);
const CLAUSE_END = /^[,.;:!?()—–"“”]+$/u;

export interface Saying {
  /** What is shared across units: the stance or verb (with its preposition). */
  key: string;
  /** The action's gerund with its preposition ("working on"), null for a stance. */
  gerund: string | null;
  /** The theme name it gives, with the concept as the theme writes it. */
  name: string;
}

function conceptAt(ts: Token[], key: string): number {
  const words = key.split(' ');
  for (let i = words.length - 1; i < ts.length; i++) {
    if (words.every((w, k) => ts[i - words.length + 1 + k]!.type === 'word' && stem(ts[i - words.length + 1 + k]!.text) === w)) return i - words.length + 1;
  }
  return -1;
}

/**
 * The stance or action a unit takes toward the concept: the nearest verb before it in its clause
 * (a stance verb such as "want" even when light), or null.
 */
export function sayingOf(tokens: readonly Token[], key: string, surface: string): Saying | null {
  const ts = tokens.filter((t) => t.type === 'word' || t.type === 'punctuation');
  const at = conceptAt(ts, key);
  if (at < 0) return null;
  let prep: string | null = null;
  for (let j = at - 1, steps = 0; j >= 0 && steps < 6; j--, steps++) {
    const t = ts[j]!;
    if (t.type === 'punctuation') return null;
    if (t.pos === 'VERB') {
      const stance = STANCE[t.lemma];
      if (stance) return { key: `~${t.lemma}`, gerund: null, name: `${stance} ${surface}` };
      if (LIGHT.has(t.lemma) || t.lemma.length < 3 || !/^[a-z]+$/u.test(t.lemma)) return null;
      const ing = t.text.endsWith('ing') ? t.text : gerundOf(t.lemma);
      // "work on X": the preposition right after the verb belongs to it
      const p = ts[j + 1]?.pos === 'ADP' || ts[j + 1]?.pos === 'PART' ? ts[j + 1]!.text : null;
      const base = p && p !== 'to' ? `${t.lemma} ${p}` : t.lemma;
      const gerund = `${ing}${p && p !== 'to' ? ` ${p}` : ''}`;
      return { key: base, gerund, name: `${cap(gerund)} ${surface}` };
    }
    if (t.pos === 'ADP' || t.pos === 'PART') { if (prep !== null) return null; prep = t.text; continue; }
    if (!BETWEEN.has(t.pos)) return null;
  }
  return null;
}

/**
 * The clause of a unit that says the concept, as a phrase of at most `maxWords` whole words:
 * from its verb ("I check the code before I use it" -> "Checking the code before they use it"),
 * first-person words made the participants', never ending on a word that leaves it dangling.
 */
export function clausePhrase(text: string, tokens: readonly Token[], key: string, maxWords = 8): string | null {
  const ts = tokens.filter((t) => t.type === 'word' || t.type === 'punctuation');
  const at = conceptAt(ts, key);
  if (at < 0) return null;
  const len = key.split(' ').length;
  let start = at;
  while (start > 0 && !CLAUSE_END.test(ts[start - 1]!.text) && ts[start - 1]!.pos !== 'SCONJ' && ts[start - 1]!.pos !== 'CCONJ') start--;
  let end = at + len;
  while (end < ts.length && !CLAUSE_END.test(ts[end]!.text)) end++;
  // from the verb nearest before the concept (its subject and auxiliaries dropped)
  let verb = -1;
  for (let j = at - 1; j >= start; j--) if (ts[j]!.pos === 'VERB' && !LIGHT.has(ts[j]!.lemma)) { verb = j; break; }
  const from = Math.max(verb >= 0 ? verb : subjectless(ts, start, at), wordsBack(ts, at + len, maxWords));
  // another clause between the verb and the concept ("using it when their brain...", "writing
  // they will get..."): the phrase would join two things said
  for (let j = from + 1; j < at; j++) {
    const t = ts[j]!;
    if (t.pos === 'AUX' || OPENS.has(t.pos) || OPENING_WORDS.has(t.text) || NOMINATIVE.has(t.text)) return null;
  }
  const out: { w: string; pos: string }[] = [];
  let conceptEnd = 0, firstWord = from, cut = false; // words up to the concept's end are kept whatever they are
  for (let j = from; j < end; j++) {
    if (out.length === maxWords) { cut = ts.slice(j, end).some((t) => t.type === 'word'); break; }
    const t = ts[j]!;
    if (t.type !== 'word') continue;
    if (j >= at + len && (OPENS.has(t.pos) || OPENING_WORDS.has(t.text))) break;
    // a verb of its own after the concept starts what is said about the phrase ("writing the
    // script was passed down"): the phrase stops; "to search", "using it" continue it
    if (j >= at + len && (t.pos === 'AUX' || (t.pos === 'VERB' && ts[j - 1]?.text !== 'to' && !t.text.endsWith('ing')))) break;
    // "to have their work used" -> "having ...", "will always be" -> "always be", "than letting" -> "letting"
    if (out.length === 0 && j < at && LEADING.has(t.pos)) continue;
    if (out.length === 0) firstWord = j;
    const gerund = j === verb || (out.length === 0 && t.pos === 'VERB' && j < at);
    out.push({ w: gerund ? (t.text.endsWith('ing') ? t.text : gerundOf(t.lemma)) : OWN[t.text] ?? t.text, pos: t.pos });
    if (j < at + len) conceptEnd = out.length;
  }
  // a verb left last had its object cut off ("classes each week takes")
  while (out.length > conceptEnd && (DANGLING.has(out.at(-1)!.pos) || out.at(-1)!.pos === 'VERB' || (cut && out.at(-1)!.pos === 'ADJ'))) out.pop();
  // the concept alone, or with a word or two and no verb ("the production"), says nothing about it
  // only a phrase led by what is done reads as a theme ("Checking the stock market"); a clause
  // about something else ("That energy level is pretty baseline") does not
  if (out.length < 2 || !out[0]!.w.endsWith('ing') || out[0]!.pos !== 'VERB' || REPORTING.has(ts[firstWord]!.lemma)) return null;
  const phrase = out.map((x) => x.w);
  return cap(cased(text, phrase).join(' ').replace(/[^\p{L}\p{N}]+$/u, ''));
}

/** The index `n` words back from `end`: a phrase that far back still reaches the concept. */
function wordsBack(ts: Token[], end: number, n: number): number {
  let j = end;
  for (let k = 0; j > 0 && k < n; ) if (ts[--j]!.type === 'word') k++;
  return j;
}

/** Start of a clause without its subject ("I really", "so we"): the concept's phrase otherwise. */
function subjectless(ts: Token[], start: number, at: number): number {
  let k = start;
  while (k < at && (SUBJECT.has(ts[k]!.text) || ts[k]!.pos === 'ADV' || ts[k]!.pos === 'AUX' || ts[k]!.pos === 'INTJ' || ts[k]!.pos === 'CCONJ')) k++;
  return k;
}

/**
 * Words as the text writes them where it capitalises them mid-sentence ("AI", "Blender"): the form
 * said most often there, lower case winning ties (a capital said once in a title is not the word's).
 */
export function cased(text: string, words: string[]): string[] {
  const forms = new Map<string, Map<string, number>>();
  for (const m of text.matchAll(/(^|[.!?]\s+|\s|\()?([\p{L}\p{N}][\p{L}\p{N}'’-]*)/gu)) {
    const w = m[2]!;
    const sentenceStart = m[1] === undefined || /[.!?]/u.test(m[1]) || m.index === 0;
    if (sentenceStart) continue;
    const f = forms.get(w.toLowerCase()) ?? new Map<string, number>();
    f.set(w, (f.get(w) ?? 0) + 1);
    forms.set(w.toLowerCase(), f);
  }
  return words.map((w) => {
    const f = forms.get(w);
    if (!f) return w;
    const lower = f.get(w) ?? 0;
    const [top, n] = [...f].filter(([x]) => x !== w).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? [w, 0];
    return n > lower ? top : w;
  });
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
