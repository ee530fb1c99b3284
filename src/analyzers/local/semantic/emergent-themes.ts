import type { FacetKind, StoredEvidence, ThemeProposal } from '../../../domain/analysis.js';
import { tokens } from '../nlp.js';
import { agglomerate, medoid } from './cluster.js';
import { centroid, cosine, embedTokens, normalise } from './embed.js';
import { nameClusters, phrasesOf, type Phrase } from './name.js';

/**
 * Emergent themes: evidence grouped by meaning (sentence vectors, average-linkage clustering),
 * each group named from its distinctive key phrases and illustrated by its most typical quote.
 * A function of the evidence alone (sorted by key), so the same interview gives the same themes
 * whatever else the project holds and whatever order interviews finished in.
 */
export interface EmergentOptions {
  /** Average cosine similarity above which groups merge (default 0.25, set on the creatives tuning set). */
  threshold?: number;
  /** A unit left alone joins the closest group when at least this similar (default 0.1). */
  attach?: number;
  /** Most themes per interview (default 8): the largest groups. */
  maxThemes?: number;
}

export interface EmergentUnit {
  evidence: StoredEvidence;
  vector: Float32Array;
  phrases: Phrase[];
  facets: FacetKind[];
}

export function prepareUnits(evidence: StoredEvidence[]): EmergentUnit[] {
  const out: EmergentUnit[] = [];
  for (const e of [...evidence].sort(byContent)) {
    const toks = tokens(e.verbatim);
    const vector = embedTokens(toks);
    if (!vector) continue;
    out.push({ evidence: e, vector, phrases: phrasesOf(toks), facets: e.facets.map((f) => f.kind) });
  }
  return out;
}

export interface EmergentTheme extends ThemeProposal {
  /** Index (into the units given) of the most typical member. */
  medoid: number;
  members: number[];
}

export function emergentThemes(units: EmergentUnit[], opts: EmergentOptions = {}): EmergentTheme[] {
  const threshold = opts.threshold ?? 0.25;
  const attach = opts.attach ?? 0.1;
  const maxThemes = opts.maxThemes ?? 8;
  if (units.length < 2) return [];
  const vectors = centred(units.map((u) => u.vector));
  let groups = agglomerate(vectors, { threshold }).filter((g) => g.length >= 2);
  groups.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  groups = groups.slice(0, maxThemes);
  // Units left alone join the closest group if close enough: a theme covers most of what was said.
  const centres = groups.map((g) => centroid(g.map((i) => vectors[i]!)));
  const grouped = new Set(groups.flat());
  units.forEach((u, i) => {
    if (grouped.has(i)) return;
    let best = -1, bs = attach;
    centres.forEach((c, k) => { const s = cosine(u.vector, c); if (s > bs) { bs = s; best = k; } });
    if (best >= 0) groups[best]!.push(i);
  });
  groups = groups.map((g) => [...g].sort((a, b) => a - b));
  const names = nameClusters(units.map((u) => u.phrases), groups, units.map((u) => u.facets));
  const out: EmergentTheme[] = [];
  const seen = new Set<string>();
  groups.forEach((g, k) => {
    const { name, phrases } = names[k]!;
    const key = name.toLowerCase();
    if (!name || seen.has(key)) return;
    seen.add(key);
    const c = centroid(g.map((i) => vectors[i]!));
    const m = medoid(vectors, g);
    const quote = units[m]!.evidence.verbatim;
    out.push({
      name,
      statement: `${name}. Participants talk about ${phrases.join(' and ')}; typical quote: "${quote}"`,
      inclusionCriteria: `Evidence whose meaning is close to the other quotes of this theme (${phrases.join(', ')}).`,
      evidence: g.map((i) => ({ evidenceId: units[i]!.evidence.id, confidence: round2(Math.min(0.95, Math.max(0.3, 0.2 + cosine(vectors[i]!, c)))) })),
      medoid: m,
      members: g,
    });
  });
  return out;
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
