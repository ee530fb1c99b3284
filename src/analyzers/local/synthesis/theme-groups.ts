import type { SynthesisEvidence } from '../../../domain/synthesis.js';
import { tokens } from '../nlp.js';
import { agglomerate } from '../semantic/cluster.js';
import { centroid, cosine, embedTokens, normalise } from '../semantic/embed.js';
import { wordVectors } from '../semantic/word-vectors.js';
import { unitFrame, VAGUE } from '../semantic/name.js';
import { governingVerb } from '../semantic/predicate.js';
import { cmp, type Canon } from './canon.js';
import { wordCount } from './text.js';
import { mentions, stemmedUnit } from '../semantic/concept.js';
import { saysAsTopic } from '../semantic/topic-noun.js';
import { groupName, PAIR } from './group-name.js';
import { conceptVector } from '../semantic/concept-vector.js';
import type { Part } from './theme-part.js';
import { coSaid } from './co-said.js';

export type { Part } from './theme-part.js';

/**
 * Study-level themes as groups of related concept themes. The concept themes (one concept, split
 * by what is done with it or said about it) stay the fine level; a researcher reads the groups:
 * concepts close in meaning (their word vectors, average linkage) join one theme while the two
 * concepts its name will list (two only when participants say them together: co-said.ts) hold three quarters of its units and it stays below `maxShare` of
 * the participants; the 100 groups most participants speak to are kept. A theme holds only units
 * saying a concept its name lists (or one of its concepts close to those), then takes in units
 * of no theme that say them, or say a near-synonym as a noun: each quote says what the name says.
 */
export interface GroupOptions {
  /** At most this many themes, those most participants speak to (default 100: since a name lists two concepts only when they are said together (co-said.ts), the fewest at which no tuning set left more evidence in no theme than at 60 before that rule; creatives stops at 88). */
  maxThemes?: number;
  /** Groups whose average similarity is below this never merge (default 0.4). */
  threshold?: number;
  /** Weight of the concept's own word vector against its units' centroid (default 1: the concepts alone; their units' vectors made odd pairs). */
  conceptWeight?: number;
  /** A group of fewer participants than this share (at least 2) is no theme (default 0.04). */
  minShare?: number;
  /** A group's name lists at most this many concepts (default 2)... */
  named?: number;
  /** ...and they must be said by this share of its units (default 0.75): groups merge only so. */
  nameCover?: number;
  /** Cosine of word vectors at which a noun of a unit says a theme's one-word concept (default 0.8; false: never; at 0.72 half the units it took in did not fit). */
  synonym?: number | false;
  /** Evidence saying no theme's concept joins the theme of its nearest neighbours (default: never; on the tuning sets it took in little unless loose). */
  neighbours?: NeighbourOptions | false;
  /**
   * A concept of a group this close (word vectors) to one its name says counts as said by the name
   * (default 0.8, the closeness of a near-synonym as for `synonym`: at 0.6 "game" counted as said by
   * "teams" and "server" by "users"; of the judged quotes of creatives and workforce that 0.8 takes
   * out of their theme, 2 of 13 fitted it).
   */
  near?: number;
  /** Taking in evidence, a theme stays below this share of participants (default 0.75). */
  takeShare?: number;
  /** A group may not hold this share of participants or more (default 0.6). */
  maxShare?: number;
}

/** Sentence vectors of participant evidence, the interview's mean removed (what sets a unit apart in its interview). */
export function unitVectors(c: Canon): Map<string, Float32Array> {
  const byInterview = new Map<string, { id: string; v: Float32Array }[]>();
  for (const e of c.evidence) {
    const v = embedTokens(tokens(e.verbatim));
    if (!v) continue;
    const list = byInterview.get(e.interviewId) ?? [];
    list.push({ id: e.id, v });
    byInterview.set(e.interviewId, list);
  }
  const out = new Map<string, Float32Array>();
  for (const list of byInterview.values()) {
    const mean = new Float32Array(list[0]!.v.length);
    for (const { v } of list) for (let i = 0; i < mean.length; i++) mean[i]! += v[i]! / list.length;
    for (const { id, v } of list) {
      const d = new Float32Array(v.length);
      for (let i = 0; i < v.length; i++) d[i] = v[i]! - mean[i]!;
      const n = normalise(d);
      if (n) out.set(id, n);
    }
  }
  return out;
}

export function groupParts(c: Canon, parts: Part[], vectors: Map<string, Float32Array>, opts: GroupOptions = {}): Part[] {
  const people = c.participants.length;
  const cap = (opts.maxShare ?? 0.6) * people;
  // the parts of one concept (split by what is done with it or said about it) move together
  const byKey = new Map<string, Part[]>();
  for (const p of parts) byKey.set(p.key ?? `\u0000${p.name}`, [...(byKey.get(p.key ?? `\u0000${p.name}`) ?? []), p]);
  // (unless together they are said by nearly everyone, or are the study's frame topic: then each part stands alone)
  const items = [...byKey.values()].flatMap((ps) => (!ps[0]!.generic && new Set(ps.flatMap((p) => p.units.map((e) => e.personId))).size < cap ? [ps] : ps.map((p) => [p])));
  const usable = items.filter((ps) => ps.some((p) => p.units.some((e) => vectors.has(e.id))));
  const rest = items.filter((ps) => !usable.includes(ps));
  const mix = opts.conceptWeight ?? 1;
  const partVectors = usable.map((ps) => {
    const said = centroid(ps.flatMap((p) => p.units.flatMap((e) => vectors.get(e.id) ?? [])));
    const named = ps[0]!.key ? conceptVector(ps[0]!.key) : null;
    if (!named) return said;
    const v = new Float32Array(said.length);
    for (let i = 0; i < v.length; i++) v[i] = mix * named[i]! + (1 - mix) * said[i]!;
    return normalise(v) ?? said;
  });
  const personSets = usable.map((ps) => new Set(ps.flatMap((p) => p.units.map((e) => e.personId))));
  // parts of one concept split apart (together said by too many) never join again: a group of
  // them would be the generic theme the split avoided, named after one part's action or frame
  // ("Selling companies") that most of its quotes do not say
  const splitKey = usable.map((ps) => (ps.length === 1 && ps[0]!.key && (byKey.get(ps[0]!.key)?.length ?? 0) > 1 ? ps[0]!.key : null));
  // a kind of a concept ("photo editing": compounds.ts) stands alone, titled by itself
  const alone = usable.map((ps) => ps.some((p) => p.compound));
  const clusters = agglomerate(partVectors, {
    threshold: opts.threshold ?? 0.4,
    canMerge: (a, b) => !a.some((i) => alone[i]) && !b.some((i) => alone[i])
      && !a.some((i) => splitKey[i] !== null && b.some((j) => splitKey[j] === splitKey[i]))
      && new Set([...a, ...b].flatMap((i) => [...personSets[i]!])).size < cap
      && nameable([...a, ...b].flatMap((i) => usable[i]!), opts.named ?? 2, opts.nameCover ?? 0.75),
  });
  const minPeople = Math.max(Math.min(2, people), (opts.minShare ?? 0.04) * people);
  const groups = clusters.map((members) => ({
    parts: members.flatMap((i) => usable[i]!),
    units: members.flatMap((i) => usable[i]!.flatMap((p) => p.units)),
    people: new Set(members.flatMap((i) => [...personSets[i]!])),
  }));
  for (const ps of rest) groups.push({ parts: ps, units: ps.flatMap((p) => p.units), people: new Set(ps.flatMap((p) => p.units.map((e) => e.personId))) });
  // the groups most participants speak to, as many as a researcher reads; the others' units may
  // join them below
  const kept = groups.filter((g) => g.people.size >= minPeople)
    .sort((a, b) => b.people.size - a.people.size || b.units.length - a.units.length || cmp(a.parts[0]!.name, b.parts[0]!.name))
    .slice(0, opts.maxThemes ?? 100);
  const says = (e: SynthesisEvidence, keys: string[]) => keys.some((k) => mentions(stemmedUnit(e), k));
  const near = opts.near ?? 0.8;
  const named = kept.map((g) => {
    const n = groupName(g.parts, dedupe(g.units), c, opts.named ?? 2);
    // a theme holds what its name says: units saying none of the concepts it names (or of its
    // concepts that are near-synonyms of one it names: "authors" for "writers") leave it
    if (n.keys.length > 0) {
      const vs = n.keys.map(conceptVector);
      // one-word concepts only: "creative process" is near "creative decision" by the word they share
      const close = [...new Set(g.parts.flatMap((p) => (p.key && !p.key.includes(' ') ? [p.key] : [])))].filter((k) => !n.keys.includes(k)
        && n.keys.some((nk, i) => { const w = conceptVector(k); return !nk.includes(' ') && !!vs[i] && !!w && cosine(vs[i]!, w) >= near; }));
      n.keys = [...n.keys, ...close];
      g.units = g.units.filter((e) => says(e, n.keys));
      g.people = new Set(g.units.map((e) => e.personId));
    }
    return n;
  });
  // two groups of one concept (split where it was said by too many to be one theme) share its
  // name: the later one takes the name of its largest part no other theme has ("Building business")
  const used = new Set<string>();
  named.forEach((n, i) => {
    if (used.has(n.name.toLowerCase())) {
      const alt = [...kept[i]!.parts].sort((a, b) => b.units.length - a.units.length || cmp(a.name, b.name))
        .map((p) => p.name).find((x) => !used.has(x.toLowerCase()) && !named.some((m) => m.name.toLowerCase() === x.toLowerCase()));
      if (alt) n.name = alt;
    }
    used.add(n.name.toLowerCase());
  });
  // taking in evidence, a theme stays below the share of participants that makes it too generic
  const full = (opts.takeShare ?? 0.75) * people;
  const fits = kept.map((g) => predicateFit(g.parts));
  // the study's frame topic no interview coded (an acronym, "AI": themes.ts) is no reason to take
  // a unit in: its units that say nothing more of it were left out on purpose
  const generic = new Set(parts.flatMap((p) => (p.generic && p.key ? [p.key] : [])));
  const taking = named.map((n) => n.keys.filter((k) => !generic.has(k)));
  assignRest(c, kept, taking, vectors, full, says, fits);
  if (opts.synonym !== false) assignBySynonym(c, kept, taking, vectors, full, opts.synonym ?? 0.8, fits);
  if (opts.neighbours !== false && opts.neighbours) assignByNeighbours(c, kept, vectors, full, opts.neighbours);
  return kept.map((g, i) => ({
    name: named[i]!.name,
    codes: g.parts.flatMap((p) => p.codes),
    units: dedupe(g.units),
    key: g.parts.length === 1 ? g.parts[0]!.key : null,
    surface: g.parts.length === 1 ? g.parts[0]!.surface : null,
  }));
}

/**
 * Whether a unit may be taken in by a group, from what the group's parts say besides their
 * concept: any unit when one part is plain ("Experiences with X"), else only a unit doing the
 * part's action to the concept or saying its frame ("Why companies matter" takes in no unit that
 * only mentions a company, which is what the part's own split kept out of it).
 */
function predicateFit(parts: Part[]): (e: SynthesisEvidence) => boolean {
  if (parts.some((p) => !p.predicate)) return () => true;
  return (e) => {
    const toks = tokens(e.verbatim);
    return parts.some((p) => {
      const q = p.predicate!;
      if ('frame' in q) return unitFrame(e.facets.map((f) => f.kind)) === q.frame;
      return !!p.key && governingVerb(toks, p.key)?.key === q.verb;
    });
  };
}

const dedupe = (units: SynthesisEvidence[]) => [...new Map(units.map((e) => [e.id, e])).values()].sort((a, b) => cmp(a.key, b.key));

/** Whether the `n` concepts most of a group's units say are said by `cover` of them (a name can say what it holds). */
export function nameable(parts: Part[], n: number, cover: number): boolean {
  const byKey = new Map<string, number>();
  for (const p of parts) byKey.set(p.key ?? p.name, (byKey.get(p.key ?? p.name) ?? 0) + p.units.length);
  const ranked = [...byKey].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
  const counts = ranked.map(([, x]) => x);
  const total = counts.reduce((s, x) => s + x, 0);
  // a second concept counts only when said together with the first (the name lists it: co-said.ts)
  if (n >= 2 && ranked.length >= 2 && !coSaid(dedupe(parts.flatMap((p) => p.units)), ranked[0]![0], ranked[1]![0])) n = 1;
  return counts.slice(0, n).reduce((s, x) => s + x, 0) >= cover * total;
}

/**
 * Evidence in no theme joins a theme whose name's concept it says (as a noun, for a one-word
 * concept: "a share of the company", not "happy to share"), the closest in meaning (cosine to its
 * centroid) when it says several. Canonical order, centroids fixed beforehand: the result does
 * not depend on which unit came first. A theme stops taking new participants below `cap`.
 */
function assignRest(c: Canon, groups: { units: SynthesisEvidence[]; people: Set<string> }[], keys: string[][],
  vectors: Map<string, Float32Array>, cap: number, says: (e: SynthesisEvidence, keys: string[]) => boolean,
  fits: ((e: SynthesisEvidence) => boolean)[]): void {
  const taken = new Set(groups.flatMap((g) => g.units.map((e) => e.id)));
  const centroids = groups.map((g) => centroid(g.units.flatMap((e) => vectors.get(e.id) ?? [])));
  for (const e of c.evidence) {
    if (taken.has(e.id) || wordCount(e.verbatim) < MIN_WORDS) continue;
    const v = vectors.get(e.id);
    if (!v) continue;
    let best = -1, bs = -Infinity;
    groups.forEach((g, i) => {
      if (!says(e, keys[i]!) || !(g.people.has(e.personId) || g.people.size + 1 < cap)) return;
      if (!keys[i]!.some((k) => k.includes(' ') || saysAsTopic(e.verbatim, k)) || !fits[i]!(e)) return;
      const s = cosine(v, centroids[i]!);
      if (s > bs) { bs = s; best = i; }
    });
    if (best < 0) continue;
    groups[best]!.units.push(e);
    groups[best]!.people.add(e.personId);
  }
}

/**
 * Evidence in no theme that says, as a noun, a near-synonym of a theme's one-word concept (word
 * vectors at least `minSim` close: "pictures" for "images") joins the theme whose concept is the
 * closest. Decided for every unit before any joins, so the order units are visited in is moot.
 */
function assignBySynonym(c: Canon, groups: { units: SynthesisEvidence[]; people: Set<string> }[], keys: string[][],
  vectors: Map<string, Float32Array>, cap: number, minSim: number, fits: ((e: SynthesisEvidence) => boolean)[]): void {
  const wv = wordVectors();
  const concepts = keys.flatMap((ks, g) => ks.filter((k) => !k.includes(' ')).flatMap((k) => { const v = wv.get(k); return v ? [{ g, k, v: unit(v) }] : []; }));
  const taken = new Set(groups.flatMap((g) => g.units.map((e) => e.id)));
  const adds: { g: number; e: SynthesisEvidence }[] = [];
  const nounVectors = new Map<string, Float32Array | null>();
  for (const e of c.evidence) {
    if (taken.has(e.id) || wordCount(e.verbatim) < MIN_WORDS || !vectors.has(e.id)) continue;
    let best = -1, bs = minSim;
    const fitted = new Map<number, boolean>();
    for (const t of tokens(e.verbatim)) {
      if (t.pos !== 'NOUN' || t.stop || t.lemma.length < 3 || VAGUE.has(t.lemma)) continue;
      let v = nounVectors.get(t.lemma);
      if (v === undefined) { const w = wv.get(t.lemma); nounVectors.set(t.lemma, (v = w ? unit(w) : null)); }
      if (!v) continue;
      for (const x of concepts) {
        const s = cosine(v, x.v);
        // the closeness first: whether the group may take the unit in reads its grammar (costly)
        if (!(s > bs || (s === bs && x.g < best))) continue;
        let ok = fitted.get(x.g);
        if (ok === undefined) fitted.set(x.g, (ok = fits[x.g]!(e)));
        if (ok) { bs = s; best = x.g; }
      }
    }
    if (best >= 0) adds.push({ g: best, e });
  }
  for (const { g, e } of adds) {
    const group = groups[g]!;
    if (!group.people.has(e.personId) && group.people.size + 1 >= cap) continue;
    group.units.push(e);
    group.people.add(e.personId);
  }
}

const unit = (v: Float32Array) => normalise(Float32Array.from(v)) ?? v;

export interface NeighbourOptions {
  /** Neighbours asked (default 7)... */
  k?: number;
  /** ...of which this many must be in one theme (default 4)... */
  votes?: number;
  /** ...at this mean cosine or more (default 0.5). */
  similarity?: number;
}

/**
 * Evidence that says none of the themes' concepts joins the theme most of its nearest themed
 * units are in (cosine of sentence vectors), when they are close: what a unit means, said in
 * other words. Neighbours are looked up among the units themes held before this step, so the
 * result does not depend on the order units are visited in.
 */
function assignByNeighbours(c: Canon, groups: { units: SynthesisEvidence[]; people: Set<string> }[],
  vectors: Map<string, Float32Array>, cap: number, opts: NeighbourOptions): void {
  const k = opts.k ?? 7, votes = opts.votes ?? 4, minSim = opts.similarity ?? 0.5;
  const themed: { v: Float32Array; g: number }[] = [];
  groups.forEach((g, i) => { for (const e of g.units) { const v = vectors.get(e.id); if (v) themed.push({ v, g: i }); } });
  const taken = new Set(groups.flatMap((g) => g.units.map((e) => e.id)));
  const adds: { g: number; e: SynthesisEvidence }[] = [];
  const top = new Float64Array(k), topG = new Int32Array(k);
  for (const e of c.evidence) {
    if (taken.has(e.id) || wordCount(e.verbatim) < MIN_WORDS) continue;
    const v = vectors.get(e.id);
    if (!v) continue;
    top.fill(-Infinity); topG.fill(-1);
    for (const t of themed) {
      const s = cosine(v, t.v);
      if (s <= top[k - 1]!) continue;
      let j = k - 1;
      while (j > 0 && top[j - 1]! < s) { top[j] = top[j - 1]!; topG[j] = topG[j - 1]!; j--; }
      top[j] = s; topG[j] = t.g;
    }
    const tally = new Map<number, { n: number; sum: number }>();
    for (let j = 0; j < k; j++) {
      if (topG[j]! < 0) continue;
      const x = tally.get(topG[j]!) ?? { n: 0, sum: 0 };
      x.n++; x.sum += top[j]!;
      tally.set(topG[j]!, x);
    }
    const best = [...tally].filter(([, x]) => x.n >= votes && x.sum / x.n >= minSim)
      .sort((a, b) => b[1].n - a[1].n || b[1].sum - a[1].sum || a[0] - b[0])[0];
    if (best) adds.push({ g: best[0], e });
  }
  for (const { g, e } of adds) {
    const group = groups[g]!;
    if (!group.people.has(e.personId) && group.people.size + 1 >= cap) continue;
    group.units.push(e);
    group.people.add(e.personId);
  }
}

/** Units shorter than this are not taken in by a theme they were not coded into. */
const MIN_WORDS = 6;

