import pluralize from 'pluralize';
import type { SynthesisEvidence } from '../../../domain/synthesis.js';
import { tokens, type Token } from '../nlp.js';
import { cmp } from './canon.js';
import { stemOf as stem } from './persona-features.js';
import { capitalise } from './text.js';

/**
 * A persona's name as a researcher would write it: who the members are (a role they give
 * themselves) and what sets them apart, said in their own words as an activity ("Writers drafting
 * novels", "People editing product photos"), else the things they talk about ("Teachers focused on
 * lesson plans"). Nouns that say nothing on their own ("moment", "information") are never named.
 */

/** Nouns too general to name what a group does or talks about, whatever the study. */
export const GENERIC_NOUNS = new Set([
  'thing', 'stuff', 'way', 'lot', 'bit', 'time', 'moment', 'day', 'week', 'month', 'year', 'point', 'part', 'kind', 'sort',
  'question', 'answer', 'information', 'line', 'people', 'person', 'someone', 'something', 'anything', 'everything',
  'fact', 'case', 'example', 'reason', 'idea', 'sense', 'level', 'place', 'end', 'side', 'number', 'area', 'aspect',
  'type', 'situation', 'matter', 'issue', 'problem', 'world', 'life', 'today',
].map(stem));

/** Verbs too light to say what someone does with a thing ("have", "get", "use"). */
const LIGHT_VERBS = new Set(['be', 'have', 'do', 'get', 'go', 'make', 'say', 'tell', 'think', 'know', 'mean', 'feel', 'see', 'want', 'need', 'like', 'try', 'let', 'take', 'give', 'come', 'put', 'keep', 'find', 'look', 'call', 'use', 'help', 'seem', 'become', 'love', 'hate', 'start', 'include']);
const PREPOSITIONS = new Set(['on', 'with', 'for', 'about', 'into', 'through', 'around']);
/** Words that may stand between a verb and its object ("writing my first novel", "editing product photos"). */
const BETWEEN_POS = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM', 'PRON']);
const MIN_MEMBERS = 2;

export interface Activity {
  /** "drafting novels", "working on lesson plans". */
  text: string;
  /** Members who say it. */
  members: number;
}

/**
 * The activity most members say with a distinctive noun (stem `key`): the verb before it, with a
 * preposition when there is one, as a gerund, and the noun as most often said. Null when fewer
 * than two members say one.
 */
export function activityOf(pool: SynthesisEvidence[], key: string, role: string | null = null): Activity | null {
  const plurals = new Set<string>();
  const byVerb = new Map<string, { people: Set<string>; nouns: Map<string, number> }>();
  for (const e of pool) {
    if (!e.verbatim.toLowerCase().includes(key.slice(0, 3))) continue;
    const ts = tokens(e.verbatim);
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i]!;
      if ((t.pos !== 'NOUN' && t.pos !== 'PROPN') || stem(t.text) !== key) continue;
      const { thing, plural: many } = thingAt(ts, i);
      if (many) plurals.add(thing);
      const act = verbBefore(ts, i, role);
      if (!act) continue;
      const verb = `${gerund(act.lemma)}${act.prep ? ` ${act.prep}` : ''}`;
      const v = byVerb.get(verb) ?? { people: new Set<string>(), nouns: new Map<string, number>() };
      v.people.add(e.personId);
      v.nouns.set(thing, (v.nouns.get(thing) ?? 0) + 1);
      byVerb.set(verb, v);
    }
  }
  const best = [...byVerb].filter(([, v]) => v.people.size >= MIN_MEMBERS)
    .sort((a, b) => b[1].people.size - a[1].people.size || cmp(a[0], b[0]))[0];
  if (!best) return null;
  // the thing as most often said, in the plural when anyone says it so (a group's "novels")
  const said = [...best[1].nouns].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0];
  const many = [...plurals].find((x) => stem(x.split(' ').at(-1)!) === stem(said.split(' ').at(-1)!) && x.split(' ').length === said.split(' ').length);
  return { text: `${best[0]} ${many ?? said}`, members: best[1].people.size };
}

/** The noun at `i` with the compound's head after it ("lesson plans"), and whether it is said in the plural. */
function thingAt(ts: readonly Token[], i: number): { thing: string; plural: boolean } {
  const t = ts[i]!;
  // a compound's head after the noun belongs to the thing named ("lesson plans")
  const head = ts[i + 1]?.pos === 'NOUN' && ts[i + 1]!.type === 'word' ? ts[i + 1]! : null;
  const last = head ?? t;
  // the head says the number ("sales process" is one process)
  return { thing: head ? `${t.text} ${head.text}` : t.text, plural: /s$/u.test(last.text) && last.lemma !== last.text };
}

/**
 * The verb acting on the noun at `i` ("drafting my lesson plans", "working on novels"): the first
 * verb before it across determiners, adjectives, nouns and one preposition (with no noun between
 * the verb and the preposition: that noun is what it acts on), unless it is a light
 * verb or the role's own (isRoleVerb).
 */
function verbBefore(ts: readonly Token[], i: number, role: string | null): { lemma: string; prep: string } | null {
  let prep = '';
  for (let j = i - 1; j >= Math.max(0, i - 5); j--) {
    const b = ts[j]!;
    if (b.pos === 'VERB') {
      const ok = !LIGHT_VERBS.has(b.lemma) && /^\p{L}+$/u.test(b.lemma) && !isRoleVerb(b.lemma, role);
      return ok ? { lemma: b.lemma, prep } : null;
    }
    if (b.pos === 'ADP' && !prep && PREPOSITIONS.has(b.text)) { prep = b.text; continue; }
    if (!BETWEEN_POS.has(b.pos) || b.type !== 'word') return null;
    // a thing the verb acts on before the preposition: the noun after it is not ("record podcasts with friends")
    if (prep && (b.pos === 'NOUN' || b.pos === 'PROPN')) return null;
  }
  return null;
}

/** Whether a verb (lemma) is the role's own, redundant in its name ("teachers teaching", "writers writing"). */
export function isRoleVerb(verb: string, role: string | null): boolean {
  return role !== null && verb.startsWith(role.slice(0, 4));
}

/**
 * What a unit says someone does with a thing: each non-light verb with the noun it acts on, as
 * said ("writing songs", "working on lesson plans"), keyed by the verb, its preposition and the
 * noun's stem so that "wrote a song" and "writing songs" are one action. Nouns too general to
 * name anything (GENERIC_NOUNS) and pronouns are no thing.
 */
export function actionsIn(text: string): { key: string; verb: string; text: string }[] {
  const ts = tokens(text);
  const out = new Map<string, { key: string; verb: string; text: string }>();
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    if (t.pos !== 'NOUN' || t.type !== 'word' || t.text.length < 3 || !/^\p{L}+$/u.test(t.text)) continue;
    // the compound's head is what is acted on: "lesson plans" is said at "plans"
    if (ts[i + 1]?.pos === 'NOUN' && ts[i + 1]!.type === 'word') continue;
    const first = ts[i - 1]?.pos === 'NOUN' && ts[i - 1]!.type === 'word' ? i - 1 : i;
    if (GENERIC_NOUNS.has(stem(t.text))) continue;
    const act = verbBefore(ts, first, null);
    // a participle right before the noun describes it ("bulleted list", "automated tasks")
    if (!act || (ts[first - 1]?.lemma === act.lemma && /(?:ed|en)$/u.test(ts[first - 1]!.text))) continue;
    // a thing said with 'a' or 'an' is one of many: the group does it to them ("writing a book": "writing books")
    let d = first - 1;
    while (ts[d]?.pos === 'ADJ') d--;
    const one = /^an?$/u.test(ts[d]?.text ?? '') && t.lemma === t.text;
    const thing = `${first < i ? `${ts[first]!.text} ` : ''}${one ? plural(t.text) : t.text}`;
    const key = `${act.lemma} ${act.prep} ${thing.split(' ').map(stem).join(' ')}`;
    if (!out.has(key)) out.set(key, { key, verb: act.lemma, text: `${gerund(act.lemma)}${act.prep ? ` ${act.prep}` : ''} ${thing}` });
  }
  return [...out.values()];
}

/** The name from a role (or none), an activity (or none) and the topics named otherwise. */
export function personaName(role: string | null, activity: Activity | null, topics: string[], fallback: string): string {
  const who = role ? capitalise(plural(role)) : null;
  if (who && activity) return `${who} ${activity.text}`;
  if (activity) return `People ${activity.text}`;
  if (who && topics.length) return `${who} focused on ${list(topics)}`;
  if (who) return who;
  return `People focused on ${topics.length ? list(topics) : fallback}`;
}

/** -ing form of a verb's lemma (write → writing, plan → planning, tie → tying). */
export function gerund(v: string): string {
  if (v.endsWith('ie')) return `${v.slice(0, -2)}ying`;
  if (/[^aeiouy]e$/u.test(v) || /[^e]ue$/u.test(v)) return `${v.slice(0, -1)}ing`;
  if (/^[^aeiou]*[aeiou][^aeiouwxy]$/u.test(v)) return `${v}${v.at(-1)}ing`;
  return `${v}ing`;
}

/** English plural of a noun (writer -> writers, analysis -> analyses, woman -> women, human -> humans). */
export function plural(w: string): string {
  return pluralize.plural(w);
}

export function list(xs: string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
}
