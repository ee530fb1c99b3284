import type { FacetKind } from '../../../domain/analysis.js';
import type { SynthesisEvidence } from '../../../domain/synthesis.js';
import { tokens } from '../nlp.js';
import { mentions, stemmedUnit } from '../semantic/concept.js';
import { dominantFrame, themeName } from '../semantic/name.js';
import { governingVerb } from '../semantic/predicate.js';
import { cmp, type Canon } from './canon.js';
import { cosine } from '../semantic/embed.js';
import { conceptVector } from '../semantic/concept-vector.js';
import type { Part } from './theme-part.js';
import { coSaid } from './co-said.js';
import { capitalise } from './text.js';

/** Concepts a name may list together: word vectors at least this close. */
export const PAIR = 0.5;

/**
 * The name of a group of concept themes, as a researcher would title it: what most of its
 * participants do with its main concepts ("Generating images and videos"), else what its units
 * say more than the project does ("Problems with clients and money"), else its main concepts
 * ("Experiences with images and videos"). A concept is main when said by the most participants
 * of the group; the second joins the name when said by at least half as many as the first.
 */
export function groupName(parts: Part[], units: SynthesisEvidence[], c: Canon, named = NAMED): { name: string; keys: string[] } {
  if (parts.length === 1) return { name: parts[0]!.name, keys: parts[0]!.key ? [parts[0]!.key] : [] };
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
  const verbs = new Map<string, { gerunds: Map<string, number>; people: Set<string>; units: Set<number> }>();
  units.forEach((e, i) => {
    const said = main.filter((x) => mentions(stemmed[i]!, x.key));
    if (said.length === 0) return;
    const toks = tokens(e.verbatim);
    for (const x of said) {
      const v = governingVerb(toks, x.key);
      if (!v) continue;
      const slot = verbs.get(v.key) ?? { gerunds: new Map(), people: new Set(), units: new Set() };
      slot.gerunds.set(v.gerund, (slot.gerunds.get(v.gerund) ?? 0) + 1);
      slot.people.add(e.personId);
      slot.units.add(i);
      verbs.set(v.key, slot);
    }
  });
  const best = [...verbs].sort((a, b) => b[1].units.size - a[1].units.size || cmp(a[0], b[0]))[0]?.[1];
  if (best && best.units.size >= VERB_SHARE * held.size && best.people.size >= 2) {
    const gerund = [...best.gerunds].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0];
    return { name: capitalise(`${gerund} ${join(main.map((x) => x.surface))}`), keys };
  }
  const frame = dominantFrame(units.map(kinds), allKinds(c));
  return { name: themeName(join(main.map((x) => x.surface)), frame), keys };
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
const NAME_COVER = 0.75;

/** Share of a group's units (saying its named concepts) that must do the same thing with them to name it so. */
const VERB_SHARE = 0.35;

const kinds = (e: SynthesisEvidence): FacetKind[] => e.facets.map((f) => f.kind);
const allCache = new WeakMap<Canon, FacetKind[][]>();
function allKinds(c: Canon): FacetKind[][] {
  let k = allCache.get(c);
  if (!k) allCache.set(c, (k = c.evidence.map(kinds)));
  return k;
}
