import type { FacetKind } from '../../../domain/analysis.js';
import type { SynthesisEvidence } from '../../../domain/synthesis.js';
import { tokens } from '../nlp.js';
import { mentions, stemmedUnit } from '../semantic/concept.js';
import { dominantFrame, phrasesOf, saysNothing, themeName } from '../semantic/name.js';
import { actionName } from './action-name.js';
import { governingVerb } from '../semantic/predicate.js';
import { cased } from '../semantic/saying.js';
import { actedOn } from '../semantic/object-form.js';
import { cmp, type Canon } from './canon.js';
import { cosine } from '../semantic/embed.js';
import { conceptVector } from '../semantic/concept-vector.js';
import type { Part } from './theme-part.js';
import { coSaid } from './co-said.js';
import { capitalise } from './text.js';

/** Concepts a name may list together: word vectors at least this close. */
export const PAIR = 0.5;

/**
 * The name of a group of concept themes, as a researcher would title it: what its participants do
 * with its main concepts ("Generating images", "Driving creative decisions": one action said by
 * several of them, clearly more than any other, done to every concept the name lists), else what
 * most of its units say more than the project does ("Problems with clients and money"), else
 * the action (or stance) the most participants say with one of them, when several do and no other
 * as many (`action-name.ts`: "Doing research"), else its main concepts ("Experiences with images
 * and videos"). A concept is main when said by the most
 * participants of the group; the second joins the name when said by at least half as many as the first.
 */
export function groupName(parts: Part[], units: SynthesisEvidence[], c: Canon, named = NAMED): { name: string; keys: string[] } {
  if (parts.length === 1) {
    const p = parts[0]!;
    // a part named "Experiences with X" is named by what its participants do with X when several do
    const acted = p.key && saysNothing(p.name) ? actionName(units, [p.key]) : null;
    return { name: acted ?? p.name, keys: p.key ? [p.key] : [] };
  }
  const surfaces = new Map<string, Map<string, number>>();
  for (const p of parts) {
    if (!p.key || !p.surface) continue;
    const m = surfaces.get(p.key) ?? new Map<string, number>();
    m.set(p.surface, (m.get(p.surface) ?? 0) + p.units.length);
    surfaces.set(p.key, m);
  }
  const stemmed = units.map(stemmedUnit);
  const concepts = [...surfaces].map(([key, m]) => ({
    key,
    surface: [...m].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0],
    people: new Set(units.filter((_, i) => mentions(stemmed[i]!, key)).map((e) => e.personId)),
  })).sort((a, b) => b.people.size - a.people.size || cmp(a.key, b.key));
  if (concepts.length === 0) return { name: parts[0]!.name, keys: [] };
  // the concepts most units say until they hold most of them, skipping one that is another said
  // otherwise ("tools", "ai tools")
  const main: typeof concepts = [];
  const held = new Set<number>();
  for (const x of concepts) {
    if (main.length >= named || held.size >= NAME_COVER * units.length) break;
    if (main.some((m) => overlaps(m.key, x.key))) continue;
    // named together only when close in meaning: "stories and books", not "models and designs"
    if (main.length > 0 && !main.every((m) => close(m.key, x.key))) continue;
    // and said together by several participants ("students and teachers"), else the main alone
    if (main.length > 0 && !main.every((m) => coSaid(units, m.key, x.key))) continue;
    main.push(x);
    units.forEach((_, i) => { if (mentions(stemmed[i]!, x.key)) held.add(i); });
  }
  const join = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}` : xs[0]!);

  const keys = main.map((x) => x.key);
  // What is done with the group's concepts, by the participants who do it.
  const verbs = new Map<string, { gerunds: Map<string, number>; people: Set<string>; units: Set<number>; said: Map<string, number> }>();
  units.forEach((e, i) => {
    const said = main.filter((x) => mentions(stemmed[i]!, x.key));
    if (said.length === 0) return;
    const toks = tokens(e.verbatim);
    for (const x of said) {
      const v = governingVerb(toks, x.key);
      if (!v) continue;
      const slot = verbs.get(v.key) ?? { gerunds: new Map(), people: new Set(), units: new Set(), said: new Map() };
      slot.gerunds.set(v.gerund, (slot.gerunds.get(v.gerund) ?? 0) + 1);
      slot.said.set(x.key, (slot.said.get(x.key) ?? 0) + 1);
      slot.people.add(e.personId);
      slot.units.add(i);
      verbs.set(v.key, slot);
    }
  });
  const ranked = [...verbs].sort((a, b) => b[1].people.size - a[1].people.size || b[1].units.size - a[1].units.size || cmp(a[0], b[0]));
  const best = ranked[0]?.[1], runnerUp = ranked[1]?.[1];
  // the action must be done to every concept the name lists: "Generating images" would not say
  // what the theme's quotes about quality say
  if (best && best.people.size >= VERB_PEOPLE && best.units.size >= VERB_SHARE * held.size
    && (!runnerUp || best.people.size >= VERB_LEAD * runnerUp.people.size)
    && main.every((x) => (best.said.get(x.key) ?? 0) >= VERB_OBJECT * best.units.size)) {
    const gerund = [...best.gerunds].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0];
    const acting = units.filter((_, i) => best.units.has(i));
    const said = main.length === 1 ? [modified(acting, main[0]!, actedOn(acting, main[0]!.key, main[0]!.surface))] : main.map((x) => x.surface);
    const name = `${gerund} ${join(said)}`;
    return { name: capitalise(cased(acting.map((e) => e.verbatim).join(' '), name.split(' ')).join(' ')), keys };
  }
  // a frame ("Problems with X") only when most of its quotes say it: else most would not fit the name
  const frame = dominantFrame(units.map(kinds), allKinds(c), FRAME_SHARE);
  // else what the most participants say they do with one of them, rather than "Experiences with X"
  const acted = frame === null ? actionName(units.filter((_, i) => held.has(i)), keys) : null;
  // a kind of a concept is titled by itself ("Photo editing", compounds.ts), as its plain part is
  const title = frame === null && parts.every((p) => p.compound) ? parts.find((p) => !p.predicate && !saysNothing(p.name))?.name : undefined;
  return { name: acted ?? title ?? themeName(join(main.map((x) => x.surface)), frame), keys };
}

function close(a: string, b: string): boolean {
  const va = conceptVector(a), vb = conceptVector(b);
  return !!va && !!vb && cosine(va, vb) >= PAIR;
}

/** Two concepts that share a word or a word's first five letters ("brainstorm", "brainstorming"). */
function overlaps(a: string, b: string): boolean {
  const pre = (w: string) => w.slice(0, 5);
  const bs = new Set(b.split(' ').map(pre));
  return a.split(' ').some((w) => bs.has(pre(w)));
}

const NAMED = 3;
/** Share of a group's units that must say a frame's facet for the frame to name it. */
const FRAME_SHARE = 0.5;
const NAME_COVER = 0.75;

/**
 * An action names a group when at least `VERB_PEOPLE` participants do it with its concepts, in at
 * least `VERB_SHARE` of the units saying them, and it is said by `VERB_LEAD` times as many
 * participants as the next action (no tie between two things done). At 0.05 more themes were named
 * so on the tuning sets but their sampled quotes fitted less (an action a few say, "Replacing
 * artists", does not say what the rest of the theme's quotes say); 0.35 named almost none.
 */
const VERB_SHARE = 0.1;
const VERB_PEOPLE = 3;
const VERB_LEAD = 1.5;
/** A concept the action names is the object of at least this share of the action's units. */
const VERB_OBJECT = 0.3;
/** A modifier most units of the action say with the concept joins the name ("creative decisions"). */
const MODIFIER_SHARE = 0.5;

/**
 * The concept as the action's units say it: with the modifier (adjective or noun before it) most
 * of them say ("Driving creative decisions", "Using AI tools"), else as the group writes it.
 */
function modified(units: SynthesisEvidence[], x: { key: string; surface: string }, form: string): string {
  const count = new Map<string, Set<string>>();
  for (const e of units) {
    for (const p of phrasesOf(tokens(e.verbatim))) {
      if (!p.key.endsWith(` ${x.key}`)) continue;
      const bare = p.surface.replace(/^(?:the|a|an) /u, '');
      const s = count.get(bare) ?? new Set<string>();
      s.add(e.id);
      count.set(bare, s);
    }
  }
  const top = [...count].sort((a, b) => b[1].size - a[1].size || cmp(a[0], b[0]))[0];
  if (!top || top[1].size < MODIFIER_SHARE * units.length) return form;
  // the modifier as said, the concept in the number the action's units say it in ("a creative decision")
  const mods = top[0].split(' ').slice(0, -x.key.split(' ').length);
  const article = /^an? /u.test(form) ? (/^[aeiou]/u.test(mods[0] ?? form.split(' ')[1]!) ? 'an' : 'a') : null;
  return [...(article ? [article] : []), ...mods, form.replace(/^(?:their|the|an?) /u, '')].join(' ');
}

const kinds = (e: SynthesisEvidence): FacetKind[] => e.facets.map((f) => f.kind);
const allCache = new WeakMap<Canon, FacetKind[][]>();
function allKinds(c: Canon): FacetKind[][] {
  let k = allCache.get(c);
  if (!k) allCache.set(c, (k = c.evidence.map(kinds)));
  return k;
}
