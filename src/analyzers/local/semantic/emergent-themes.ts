import type { FacetKind, StoredEvidence, ThemeProposal } from '../../../domain/analysis.js';
import { tokens, type Token } from '../nlp.js';
import { agglomerate, medoid } from './cluster.js';
import { centroid, cosine, embedTokens, normalise } from './embed.js';
import { stem, stemmedText } from './concept.js';
import { commonForm } from './predicate.js';
import { clusterConcepts, dominantFrame, mentions, phrasesOf, themeName, themeStatement, type Concept, type Phrase } from './name.js';
import { clausePhrase, sayingOf } from './saying.js';
import { topicFlags } from './topic-noun.js';
import { acronymsOf, withAcronyms } from './acronym.js';

/**
 * Emergent themes: evidence grouped by meaning (sentence vectors, average-linkage clustering),
 * each group named from its distinctive key phrases and illustrated by its most typical quote.
 * A function of the evidence alone (sorted by key), so the same interview gives the same themes
 * whatever else the project holds and whatever order interviews finished in.
 */
export interface EmergentOptions {
  /** Average cosine similarity above which groups merge (default 0.3, set on the tuning sets). */
  threshold?: number;
  /** Most themes per interview (default: 8, or one per 15 units in a long interview). */
  maxThemes?: number;
}

/** Share of a theme's units an action or stance must be said by to name it. */
const SAYING_SHARE = 0.25;
/** A theme of more units than this is not named after one unit's clause. */
const CLAUSE_UNITS = 4;

/** A phrase said by this many units is a concept even if no group of meaning proposed it. */
const MIN_SAID = 2;

export interface EmergentUnit {
  evidence: StoredEvidence;
  /** The unit's tokens (nlp.ts), to name a theme by what its units say. */
  tokens: readonly Token[];
  vector: Float32Array;
  phrases: Phrase[];
  facets: FacetKind[];
  /** The unit's stemmed words (concept.ts), to match concepts on. */
  stemmed: string;
  /** Stems of the unit's words said as topic nouns (topic-noun.ts), and of those said otherwise ("right?" vs "our rights"). */
  nouns: string[];
  others: string[];
  /** The interview's acronyms (acronym.ts), one set shared by its units. */
  acronyms: ReadonlyMap<string, number>;
}

export function prepareUnits(evidence: StoredEvidence[]): EmergentUnit[] {
  const out: EmergentUnit[] = [];
  const acronyms = acronymsOf(evidence.map((e) => e.verbatim));
  for (const e of [...evidence].sort(byContent)) {
    const toks = tokens(e.verbatim);
    const vector = embedTokens(toks);
    if (!vector) continue;
    const topic = topicFlags(toks);
    const words = toks.flatMap((t, i) => (t.type === 'word' ? [{ stem: stem(t.text), topic: topic[i]! }] : []));
    out.push({
      evidence: e, tokens: toks, vector, phrases: phrasesOf(toks), facets: e.facets.map((f) => f.kind), stemmed: stemmedText(e.verbatim),
      nouns: words.filter((w) => w.topic).map((w) => w.stem),
      others: words.filter((w) => !w.topic).map((w) => w.stem),
      acronyms,
    });
  }
  return out;
}

export interface EmergentTheme extends ThemeProposal {
  /** Index (into the units given) of the most typical member. */
  medoid: number;
  members: number[];
}

/**
 * Groups of similar meaning (average-linkage clustering) propose the interview's concepts: each
 * group's most distinctive shared phrase. A theme then holds the units that say its concept (a
 * unit saying several joins the theme whose group it is closest to), so every quote of a theme is
 * about what its name says; a unit that says none of the concepts is left out rather than forced in.
 */
export function emergentThemes(units: EmergentUnit[], opts: EmergentOptions = {}): EmergentTheme[] {
  const threshold = opts.threshold ?? 0.3;
  const maxThemes = opts.maxThemes ?? Math.max(16, Math.ceil(units.length / 8));
  if (units.length < 2) return [];
  const vectors = centred(units.map((u) => u.vector));
  const groups = agglomerate(vectors, { threshold }).filter((g) => g.length >= 2);
  groups.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  const concepts = clusterConcepts(units.map((u) => u.phrases), groups).map((c) => (c && nounlike(c.key, units) ? c : null));
  // One candidate theme per concept (groups naming the same concept pool their members).
  const candidates = new Map<string, { concept: Concept; seed: number[] }>();
  groups.forEach((g, k) => {
    const c = concepts[k];
    if (!c) return;
    const have = candidates.get(c.key);
    if (have) have.seed.push(...g);
    else if (candidates.size < maxThemes) candidates.set(c.key, { concept: c, seed: [...g] });
  });
  // Phrases several units say that no group proposed are concepts too (a group of meaning needs
  // similar wording around them; a concept only needs to be said): most said first.
  const said = new Map<string, { concept: Concept; units: number[] }>();
  units.forEach((u, i) => u.phrases.forEach((p) => {
    if (!saysAsTopic(u, p.key)) return;
    const slot = said.get(p.key) ?? { concept: { key: p.key, surface: p.surface }, units: [] };
    slot.units.push(i);
    said.set(p.key, slot);
  }));
  const extra = [...said.values()]
    .filter((x) => x.units.length >= MIN_SAID && !candidates.has(x.concept.key) && nounlike(x.concept.key, units))
    .sort((a, b) => b.units.length - a.units.length || (a.concept.key < b.concept.key ? -1 : 1));
  for (const x of extra) {
    if (candidates.size >= maxThemes) break;
    candidates.set(x.concept.key, { concept: x.concept, seed: x.units });
  }
  const list = [...candidates.values()];
  const centres = list.map((c) => centroid(c.seed.map((i) => vectors[i]!)));
  const members: number[][] = list.map(() => []);
  units.forEach((u, i) => {
    let best = -1, bs = -Infinity;
    list.forEach((c, k) => {
      if (!mentions(u.stemmed, c.concept.key) || !saysAsTopic(u, c.concept.key)) return;
      const s = cosine(vectors[i]!, centres[k]!);
      if (s > bs) { bs = s; best = k; }
    });
    if (best >= 0) members[best]!.push(i);
  });
  const allFacets = units.map((u) => u.facets);
  const out: EmergentTheme[] = [];
  const seen = new Set<string>();
  list.forEach((c, k) => {
    const g = members[k]!;
    if (g.length < 2) return;
    const forms = g.flatMap((i) => units[i]!.phrases.filter((p) => p.key === c.concept.key).map((p) => formOf(p.surface)));
    const surface = commonForm(forms) ?? c.concept.surface;
    const framed = themeName(surface, dominantFrame(g.map((i) => allFacets[i]!), allFacets));
    const m = medoid(vectors, g);
    const quote = units[m]!.evidence.verbatim;
    const said = framed === themeName(surface, null) ? sayingOfUnits(g.map((i) => units[i]!), units[m]!, c.concept.key, surface, seen) : null;
    const name = withAcronyms(said ?? framed, units[0]!.acronyms);
    const key = name.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    const centre = centroid(g.map((i) => vectors[i]!));
    out.push({
      name,
      statement: themeStatement(name, surface, quote),
      inclusionCriteria: `Evidence that talks about ${surface}.`,
      evidence: g.map((i) => ({ evidenceId: units[i]!.evidence.id, confidence: round2(Math.min(0.95, Math.max(0.3, 0.4 + cosine(vectors[i]!, centre)))) })),
      medoid: m,
      members: g,
    });
  });
  return out;
}

/**
 * What a theme's units say about its concept when no frame stands out: an action or stance two
 * or more of them take toward it ("Writing emails", "Wanting X"), else the clause of its most
 * typical unit that says it, as a phrase. Null when neither gives a name not taken.
 */
function sayingOfUnits(members: EmergentUnit[], typical: EmergentUnit, key: string, surface: string, taken: Set<string>): string | null {
  const count = new Map<string, { name: string; n: number }>();
  for (const u of members) {
    const s = sayingOf(u.tokens, key, surface);
    if (!s) continue;
    const slot = count.get(s.key) ?? { name: s.name, n: 0 };
    slot.n++;
    count.set(s.key, slot);
  }
  const top = [...count].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))[0]?.[1];
  if (top && top.n >= Math.max(2, SAYING_SHARE * members.length) && !taken.has(top.name.toLowerCase())) return top.name;
  // one unit's clause stands for a few units, not for many
  if (members.length > CLAUSE_UNITS) return null;
  const clause = clausePhrase(typical.evidence.verbatim, typical.tokens, key);
  return clause && !taken.has(clause.toLowerCase()) ? clause : null;
}

/** A phrase surface as phrasesOf writes it ("their family") split into determiner and words. */
function formOf(surface: string): { words: string; det: string } {
  const m = /^(their|the|an|a) (.+)$/u.exec(surface);
  return m ? { det: m[1] === 'an' ? 'a' : m[1]!, words: m[2]! } : { det: '', words: surface };
}

/** Whether a unit says a concept as a topic: a one-word concept as a topic noun (topic-noun.ts). */
function saysAsTopic(u: EmergentUnit, key: string): boolean {
  return key.includes(' ') || u.nouns.includes(key);
}

/**
 * A one-word concept must be said as a topic noun nearly always in the interview: matching is on words,
 * and a word tagged a noun once ("like", "right", "talk") is mostly said as something else.
 */
function nounlike(key: string, units: EmergentUnit[]): boolean {
  if (key.includes(' ')) return true;
  let noun = 0, other = 0;
  for (const u of units) {
    for (const w of u.nouns) if (w === key) noun++;
    for (const w of u.others) if (w === key) other++;
  }
  return noun >= 0.8 * (noun + other);
}

/**
 * Every answer shares a common direction (speech, first person, the study's topic): removing the
 * mean, as SIF removes the common component, leaves what distinguishes one unit from another.
 */
export function centred(vs: Float32Array[]): Float32Array[] {
  const mean = new Float32Array(vs[0]?.length ?? 0);
  for (const v of vs) for (let i = 0; i < mean.length; i++) mean[i]! += v[i]! / vs.length;
  return vs.map((v) => {
    const out = new Float32Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v[i]! - mean[i]!;
    return normalise(out) ?? out;
  });
}

/**
 * Content order (position in the interview, then text): evidence keys and ids hash database ids,
 * so ordering by them would make the clustering differ between two runs of the same interview.
 */
export function byContent(a: StoredEvidence, b: StoredEvidence): number {
  return a.startMs - b.startMs || a.endMs - b.endMs || (a.verbatim < b.verbatim ? -1 : a.verbatim > b.verbatim ? 1 : 0);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
