import type { Token } from '../nlp.js';
import { stem } from './concept.js';
import { gerundOf } from './predicate.js';

/**
 * What a unit says it does with a concept, read from the words before it in its clause: the
 * nearest verb that governs it directly ("I *work on* projects", "we *do* research") or through
 * its own object and a preposition ("I *use* AI *for* research"), or a stance toward it ("I
 * *worry about* costs"). General English grammar only (part-of-speech tags, no study's words), so
 * a study theme can be named by what its participants say they do, as a researcher titles a
 * theme ("Doing research", "Using AI for research"), rather than "Experiences with research".
 */
export interface Action {
  /** Verb lemma, its object's slot and its preposition: "use _ for", "work on", "~worry". */
  key: string;
  /** Gerund as the name says it ("using", "working on") or the stance's name prefix ("Worries about"). */
  lead: string;
  /** The verb's own object between it and the preposition, as said ("AI", "it"), or null. */
  object: string | null;
  /** The object's tag: a pronoun object ("it") cannot stand in a name. */
  objectPos: string | null;
  /** A stance toward the concept rather than an action on it. */
  stance: boolean;
  /** The concept's words as the unit says them ("art", "emails"). */
  said: string;
}

/** Verbs that say a stance toward what they govern, and how a theme name says it. */
export const STANCES: Record<string, string> = {
  want: 'Wanting', need: 'Needing', wish: 'Wishing for', hope: 'Hopes for', love: 'Loving',
  enjoy: 'Enjoying', hate: 'Disliking', dislike: 'Disliking', worry: 'Worries about', fear: 'Fears about',
  trust: 'Trusting', distrust: 'Distrusting', miss: 'Missing', prefer: 'Preferring', avoid: 'Avoiding', struggle: 'Struggling with',
};
/** Verbs that say nothing done on their own (be, have, get, say...), whatever they govern. */
const EMPTY = new Set([
  'be', 'have', 'get', 'go', 'say', 'tell', 'know', 'think', 'mean', 'see', 'let', 'seem', 'come', 'give', 'put', 'try',
  'call', 'guess', 'hear', 'keep', 'become', 'happen', 'include', 'involve', 'can', 'will', 'would', 'should', 'could',
  'may', 'might', 'must', 'gonna', 'wanna', 'gotta', 'feel', 'like', 'look', 'talk', 'take', 'find', 'being', 'remember',
  'bring', 'show', 'pay', 'consider', 'base', 'regard', 'concern', 'depend', 'relate', 'compare', 'mention',
]);
/** Words of the concept's own noun phrase (its modifiers), walked over back to the preposition or verb. */
const MODIFIER = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM']);
const POSSESSIVE = new Set(['my', 'our', 'your', 'his', 'her', 'their', 'its']);
/** Adjectives after a noun that say when or how, not a state it is left in ("do research first"). */
const ADVERBIAL = new Set(['first', 'last', 'next', 'together', 'alone', 'instead', 'again', 'anyway', 'daily', 'weekly', 'online', 'early', 'later']);
/** Nouns of quantity: "a lot of X" says X. */
const QUANTITY = new Set(['lot', 'lots', 'bit', 'kind', 'kinds', 'sort', 'sorts', 'type', 'types', 'bunch', 'ton', 'tons', 'couple', 'amount', 'number', 'piece', 'pieces', 'deal', 'plenty', 'some', 'all', 'most', 'any', 'much', 'more']);
/** Verbs followed by "to" and a verb ("want to write"), not by "to" and a noun ("contribute to open source"). */
const INFINITIVE = new Set([
  'want', 'need', 'try', 'like', 'love', 'have', 'start', 'begin', 'learn', 'decide', 'plan', 'hope', 'go', 'use', 'get',
  'wish', 'choose', 'help', 'continue', 'prefer', 'tend', 'seem', 'manage', 'refuse', 'agree', 'expect', 'intend', 'ask', 'able',
]);
/** Words before a verb that show it is one (its subject or auxiliary). */
const SUBJECTS = new Set(['PRON', 'AUX', 'PROPN', 'NOUN', 'ADV']);
/** Words of the verb's own object ("use *the new AI* for"). */
const OBJECT = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM', 'PRON']);

/** The action or stance of the first place the unit says the concept (stemmed `key`), or null. */
export function actionOf(tokens: readonly Token[], key: string): Action | null {
  const ts = tokens.filter((t) => t.type === 'word' || t.type === 'punctuation');
  const words = key.split(' ');
  let at = -1;
  for (let i = words.length - 1; i < ts.length && at < 0; i++) {
    if (words.every((w, k) => ts[i - words.length + 1 + k]!.type === 'word' && stem(ts[i - words.length + 1 + k]!.text) === w)) at = i - words.length + 1;
  }
  if (at < 0) return null;
  // the concept modifies the noun after it ("project managers"): what is done is to that noun
  // or the verb's point is the state it leaves it in ("make the process easier")
  const next = ts[at + words.length];
  if (next && next.type === 'word' && (next.pos === 'NOUN' || next.pos === 'PROPN' || (next.pos === 'ADJ' && !ADVERBIAL.has(next.text)))) return null;
  // ("make the process so much faster")
  for (let k = at + words.length; k < ts.length && k < at + words.length + 4 && ts[k]!.type === 'word'; k++) {
    const t = ts[k]!;
    if (t.pos === 'ADJ' && !ADVERBIAL.has(t.text)) return null;
    if (t.pos !== 'ADV' || ADVERBIAL.has(t.text)) break;
    if (/[a-z]er$/u.test(t.text) && t.text !== 'never' && t.text !== 'ever') return null;
  }
  const said = ts.slice(at, at + words.length).map((t) => t.text).join(' ');
  return objectAction(ts, at, said) ?? subjectAction(ts, at + words.length, said);
}

/** The concept as what is done to: the verb before it in its clause. */
function objectAction(ts: Token[], at: number, said: string): Action | null {
  let j = at - 1;
  while (j >= 0 && ts[j]!.type === 'word' && (MODIFIER.has(ts[j]!.pos) || POSSESSIVE.has(ts[j]!.text)) && at - j <= 3) j--;
  let prep: string | null = null;
  // "a lot of research", "some kind of design": a quantity of the concept, not another object
  while (j >= 1 && ts[j]!.text === 'of' && QUANTITY.has(ts[j - 1]!.text)) {
    j -= 2;
    while (j >= 0 && ts[j]!.type === 'word' && (ts[j]!.pos === 'DET' || ts[j]!.pos === 'ADJ')) j--;
  }
  if (j >= 0 && ts[j]!.type === 'word' && ts[j]!.pos === 'ADP') prep = ts[j--]!.text;
  // the verb's own object between it and the preposition: "use [AI] for research"
  const obj: Token[] = [];
  if (prep !== null) while (j >= 0 && ts[j]!.type === 'word' && OBJECT.has(ts[j]!.pos) && obj.length < 3) obj.unshift(ts[j--]!);
  const verb = ts[j];
  // "I do research": the tagger calls a main "do" an auxiliary
  const mainDo = verb?.pos === 'AUX' && verb.lemma === 'do';
  if (!verb || verb.type !== 'word' || (verb.pos !== 'VERB' && !mainDo) || !/^[a-z]+$/u.test(verb.lemma) || (verb.lemma.length < 3 && verb.lemma !== 'do')) return null;
  // a "verb" after a determiner or adjective is a noun or a modifier the tagger misread: "a part
  // of the process", "our monthly recurring revenue", "the operating systems"
  const before = ts[j - 1];
  if (before && before.type === 'word' && (before.pos === 'DET' || before.pos === 'ADJ' || POSSESSIVE.has(before.text))) return null;
  // nor is a bare form right after a preposition ("in open source"; "for writing code" is a verb)
  // or any bare form right before a bare concept with no subject, auxiliary or "to" before it ("open source is")
  if (verb.text === verb.lemma && obj.length === 0 && j === at - 1 && !(before && before.type === 'word' && (SUBJECTS.has(before.pos) || before.text === 'not' || (before.text === 'to' && (ts[j - 2]?.pos !== 'VERB' || INFINITIVE.has(ts[j - 2]!.lemma)))))) return null;
  const stance = STANCES[verb.lemma];
  if (stance && obj.length === 0) {
    // "worry about X", "want X": the stance's own preposition is in its name
    if (prep !== null && !stance.includes(' ')) return null;
    return { key: `~${verb.lemma}`, lead: stance, object: null, objectPos: null, stance: true, said };
  }
  if (EMPTY.has(verb.lemma) || stance) return null;
  // "doing research", but "doing startups" or "doing activities" says nothing done
  if (verb.lemma === 'do' && said !== said.replace(/s$/u, '') && !said.endsWith('ss')) return null;
  // an object that is only a determiner ("use that for") names nothing
  if (obj.length > 0 && obj.every((t) => t.pos === 'DET')) return null;
  const ing = verb.text.endsWith('ing') ? verb.text : gerundOf(verb.lemma);
  const head = obj.filter((t) => t.pos !== 'DET').map((t) => t.text).join(' ') || null;
  const objectPos = obj.length > 0 ? obj.at(-1)!.pos : null;
  return {
    key: `${verb.lemma}${obj.length > 0 ? ' _' : ''}${prep ? ` ${prep}` : ''}`,
    lead: obj.length > 0 ? ing : `${ing}${prep ? ` ${prep}` : ''}`,
    object: head,
    objectPos,
    stance: false,
    said,
  };
}

/**
 * The concept as who acts: the verb after it, with that verb's object ("my colleagues don't use
 * AI" -> "not using AI", its object "AI"), when the concept opens the clause (nothing but a
 * determiner or possessive before it). A verb without a noun object names nothing.
 */
function subjectAction(ts: Token[], end: number, said: string): Action | null {
  const start = end - said.split(' ').length;
  let b = start - 1;
  while (b >= 0 && ts[b]!.type === 'word' && (ts[b]!.pos === 'DET' || ts[b]!.pos === 'ADJ' || POSSESSIVE.has(ts[b]!.text))) b--;
  if (b >= 0 && ts[b]!.type === 'word' && ts[b]!.pos !== 'CCONJ' && ts[b]!.pos !== 'SCONJ' && ts[b]!.text !== 'that') return null;
  let j = end, negated = false;
  while (j < ts.length && j < end + 4 && ts[j]!.type === 'word' && (ts[j]!.pos === 'AUX' || ts[j]!.pos === 'ADV' || ts[j]!.pos === 'PART')) {
    if (ts[j]!.text === 'not' || ts[j]!.text === "n't" || ts[j]!.text === 'never') negated = true;
    j++;
  }
  const verb = ts[j];
  if (!verb || verb.type !== 'word' || verb.pos !== 'VERB' || !/^[a-z]+$/u.test(verb.lemma) || verb.lemma.length < 3 || EMPTY.has(verb.lemma) || STANCES[verb.lemma]) return null;
  let k = j + 1, prep: string | null = null;
  if (ts[k]?.type === 'word' && ts[k]!.pos === 'ADP') prep = ts[k++]!.text;
  while (k < ts.length && ts[k]!.type === 'word' && (ts[k]!.pos === 'DET' || ts[k]!.pos === 'ADJ' || POSSESSIVE.has(ts[k]!.text)) && k < j + 5) k++;
  const obj = ts[k];
  if (!obj || obj.type !== 'word' || (obj.pos !== 'NOUN' && obj.pos !== 'PROPN') || obj.text.length < 2) return null;
  // the object's whole compound ("AI tools"), not its first word
  if (ts[k + 1]?.type === 'word' && (ts[k + 1]!.pos === 'NOUN' || ts[k + 1]!.pos === 'PROPN')) return null;
  const lead = `${negated ? 'not ' : ''}${gerundOf(verb.lemma)}${prep ? ` ${prep}` : ''}`;
  return { key: `>${negated ? '!' : ''}${verb.lemma}${prep ? ` ${prep}` : ''} ${obj.lemma}`, lead, object: obj.text, objectPos: obj.pos, stance: false, said };
}
