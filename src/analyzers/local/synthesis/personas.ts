import { FACET_KINDS, type FacetKind } from '../../../domain/analysis.js';
import type { ParticipantProfile, PersonaQuote, ProjectPersona, SynthesisEvidence } from '../../../domain/synthesis.js';
import { cmp, push, type Canon } from './canon.js';
import { pct, wholeQuote } from './text.js';

export interface PersonaOptions {
  /** Participants with fewer evidence units are not profiled (unassigned). Default 3. */
  minEvidence?: number;
  /** A persona needs this many members. Default 2 (never less). */
  minMembers?: number;
  /** Most personas tried (k of k-means). Default 6. */
  maxPersonas?: number;
  /** A participant whose silhouette is below this fits no persona. Default 0.05. */
  minFit?: number;
  /**
   * A cluster must stand out: its strongest variable at least this many standard deviations
   * above the participants' mean. A cluster of "average" participants is no persona. Default 0.3.
   */
  minDistinct?: number;
}

/** How each behavioural variable reads in a persona's name, reason and description. */
const VARIABLE: Record<FacetKind, { adjective: string; talk: string }> = {
  pain: { adjective: 'Frustrated', talk: 'problems and frustrations' },
  gain: { adjective: 'Benefit-seeking', talk: 'benefits they get' },
  goal: { adjective: 'Goal-driven', talk: 'what they are trying to achieve' },
  behavior: { adjective: 'Hands-on', talk: 'what they actually do' },
  tool: { adjective: 'Tool-centred', talk: 'the tools they use' },
  workflow: { adjective: 'Process-minded', talk: 'their workflow and routines' },
  emotion: { adjective: 'Expressive', talk: 'how things make them feel' },
  value: { adjective: 'Principled', talk: 'principles and what matters to them' },
  context: { adjective: 'Role-focused', talk: 'their role and circumstances' },
};

interface Point { p: ParticipantProfile; share: number[]; z: number[] }

/**
 * Personas clustered across participants on behavioural variables: each profiled participant is
 * the share of their units carrying each facet kind, standardised over the project; k-means with
 * deterministic farthest-point seeding, k chosen by mean silhouette. A participant whose
 * silhouette is low fits no persona (unassigned); a cluster with fewer than two members is no
 * persona. Names and reasons come from the variables the cluster stands out on.
 */
export function buildPersonas(c: Canon, opts: PersonaOptions = {}): { personas: ProjectPersona[]; unassigned: string[] } {
  const minMembers = Math.max(2, opts.minMembers ?? 2);
  const profiled = c.participants.filter((p) => p.evidenceCount >= (opts.minEvidence ?? 3));
  const profiledIds = new Set(profiled.map((p) => p.personId));
  const unassigned = new Set(c.participants.filter((p) => !profiledIds.has(p.personId)).map((p) => p.personId));
  if (profiled.length < 2 * minMembers) {
    return { personas: [], unassigned: sortIds(c, [...unassigned, ...profiledIds]) };
  }
  const shares = profiled.map((p) => FACET_KINDS.map((k) => (p.facetCounts[k] ?? 0) / Math.max(1, p.evidenceCount)));
  const mean = FACET_KINDS.map((_, d) => shares.reduce((s, x) => s + x[d]!, 0) / shares.length);
  const sd = FACET_KINDS.map((_, d) => Math.max(0.02, Math.sqrt(shares.reduce((s, x) => s + (x[d]! - mean[d]!) ** 2, 0) / shares.length)));
  const points: Point[] = profiled.map((p, i) => ({ p, share: shares[i]!, z: shares[i]!.map((x, d) => round6((x - mean[d]!) / sd[d]!)) }));

  const maxK = Math.min(opts.maxPersonas ?? 6, Math.floor(points.length / minMembers));
  let best: { k: number; assign: number[]; centroids: number[][]; sil: number[]; score: number } | undefined;
  for (let k = 2; k <= maxK; k++) {
    const { assign, centroids } = kmeans(points.map((x) => x.z), k);
    const sil = silhouettes(points.map((x) => x.z), assign, centroids);
    const score = round6(sil.reduce((s, x) => s + x, 0) / sil.length);
    if (!best || score > best.score) best = { k, assign, centroids, sil, score };
  }
  if (!best) return { personas: [], unassigned: sortIds(c, [...unassigned, ...profiledIds]) };

  const evidenceByPerson = new Map<string, SynthesisEvidence[]>();
  for (const e of c.evidence) push(evidenceByPerson, e.personId, e);
  const personas: ProjectPersona[] = [];
  const usedNames = new Set<string>();
  for (let k = 0; k < best.k; k++) {
    const inCluster = points.filter((_, i) => best!.assign[i] === k);
    const members = points.filter((_, i) => best!.assign[i] === k && best!.sil[i]! >= (opts.minFit ?? 0.05));
    const memberSet = new Set(members);
    inCluster.forEach((x) => { if (!memberSet.has(x)) unassigned.add(x.p.personId); });
    if (members.length < minMembers) {
      members.forEach((x) => unassigned.add(x.p.personId));
      continue;
    }
    const centroid = best.centroids[k]!;
    const dims = FACET_KINDS.map((kind, d) => ({ kind, d, z: centroid[d]! }))
      .sort((a, b) => b.z - a.z || cmp(a.kind, b.kind));
    const lead = dims.filter((x) => x.z >= (opts.minDistinct ?? 0.3)).slice(0, 2);
    if (lead.length === 0) {
      members.forEach((x) => unassigned.add(x.p.personId));
      continue;
    }
    const name = uniqueName(lead.map((x) => x.kind), dims.map((x) => x.kind), usedNames);
    const memberShare = (d: number) => members.reduce((s, x) => s + x.share[d]!, 0) / members.length;
    const description = `${members.length} participants who talk about ${lead.map((x) => VARIABLE[x.kind].talk).join(' and ')} more than others `
      + `(${lead.map((x) => `${x.kind} in ${pct(memberShare(x.d), 1)}% of their statements vs ${pct(mean[x.d]!, 1)}% across participants`).join('; ')}).`;
    const pool = members.flatMap((x) => evidenceByPerson.get(x.p.personId) ?? []);
    personas.push({
      name,
      description,
      goals: quotesOf(pool, 'goal', c.words),
      pains: quotesOf(pool, 'pain', c.words),
      members: members.map((x) => ({
        personId: x.p.personId,
        reason: lead.map((l) => `${l.kind} in ${pct(x.share[l.d]!, 1)}% of their ${x.p.evidenceCount} statements (${pct(mean[l.d]!, 1)}% across participants)`).join('; '),
        evidenceIds: (evidenceByPerson.get(x.p.personId) ?? [])
          .filter((e) => e.facets.some((f) => lead.some((l) => l.kind === f.kind)))
          .sort((a, b) => b.confidence - a.confidence || cmp(a.key, b.key))
          .slice(0, 3).map((e) => e.id),
      })),
    });
  }
  personas.sort((a, b) => b.members.length - a.members.length || cmp(a.name, b.name));
  return { personas, unassigned: sortIds(c, [...unassigned]) };
}

function uniqueName(lead: FacetKind[], all: FacetKind[], used: Set<string>): string {
  const parts = [...lead];
  for (const k of all) {
    const name = parts.length === 1 ? VARIABLE[parts[0]!].adjective : `${VARIABLE[parts[0]!].adjective}, ${parts.slice(1).map((p) => VARIABLE[p].adjective.toLowerCase()).join(', ')}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
    if (!parts.includes(k)) parts.push(k);
  }
  const fallback = `${VARIABLE[lead[0]!].adjective} (${used.size + 1})`;
  used.add(fallback);
  return fallback;
}

/**
 * Goals or pains as whole quotes, with their evidence ids: units of that facet whose words recur
 * most among other members' units (what several say), one per member, at most three.
 */
function quotesOf(pool: SynthesisEvidence[], kind: FacetKind, wordsOf: (e: SynthesisEvidence) => string[]): PersonaQuote[] {
  const units = pool.filter((e) => e.facets.some((f) => f.kind === kind));
  const df = new Map<string, Set<string>>();
  const words = units.map(wordsOf);
  units.forEach((e, i) => words[i]!.forEach((w) => df.set(w, (df.get(w) ?? new Set()).add(e.personId))));
  const scored = units.map((e, i) => ({
    e,
    score: round6(words[i]!.reduce((s, w) => s + (df.get(w)!.size - 1), 0) / Math.sqrt(Math.max(1, words[i]!.length)) + e.confidence),
  })).sort((a, b) => b.score - a.score || cmp(a.e.key, b.e.key));
  const out: PersonaQuote[] = [];
  const people = new Set<string>();
  for (const { e } of scored) {
    if (people.has(e.personId)) continue;
    people.add(e.personId);
    out.push({ text: wholeQuote(e.verbatim, 45), evidenceId: e.id });
    if (out.length >= 3) break;
  }
  return out;
}

/** k-means (Lloyd) seeded by farthest points from the point of largest norm; deterministic. */
export function kmeans(xs: number[][], k: number, iterations = 50): { assign: number[]; centroids: number[][] } {
  const norms = xs.map((x) => dist2(x, x.map(() => 0)));
  let first = 0;
  norms.forEach((n, i) => { if (n > norms[first]!) first = i; });
  const seeds = [first];
  const nearest = xs.map((x) => dist2(x, xs[first]!));
  while (seeds.length < k) {
    let far = -1;
    nearest.forEach((d, i) => { if (!seeds.includes(i) && (far < 0 || d > nearest[far]!)) far = i; });
    seeds.push(far);
    xs.forEach((x, i) => { nearest[i] = Math.min(nearest[i]!, dist2(x, xs[far]!)); });
  }
  let centroids = seeds.map((i) => [...xs[i]!]);
  // sums per cluster in one pass below: linear in points per iteration
  let assign = xs.map(() => -1);
  for (let it = 0; it < iterations; it++) {
    const next = xs.map((x) => closest(x, centroids));
    const moved = next.some((a, i) => a !== assign[i]);
    assign = next;
    const sums = centroids.map((c) => c.map(() => 0));
    const counts = centroids.map(() => 0);
    xs.forEach((x, i) => {
      counts[assign[i]!]!++;
      x.forEach((v, d) => { sums[assign[i]!]![d]! += v; });
    });
    centroids = centroids.map((c, j) => (counts[j] === 0 ? c : sums[j]!.map((v) => round6(v / counts[j]!))));
    if (!moved) break;
  }
  return { assign, centroids };
}

/**
 * Simplified silhouette of each point (distances to centroids instead of to every point: linear,
 * so a project of thousands of participants clusters in milliseconds). 1: fits its cluster,
 * 0: on a border, < 0: closer to another cluster.
 */
function silhouettes(xs: number[][], assign: number[], centroids: number[][]): number[] {
  return xs.map((x, i) => {
    const own = assign[i]!;
    const a = Math.sqrt(dist2(x, centroids[own]!));
    let b = Infinity;
    centroids.forEach((c, j) => { if (j !== own) b = Math.min(b, Math.sqrt(dist2(x, c))); });
    const m = Math.max(a, b);
    return b === Infinity || m === 0 ? 0 : round6((b - a) / m);
  });
}

function closest(x: number[], centroids: number[][]): number {
  let best = 0;
  centroids.forEach((c, j) => { if (dist2(x, c) < dist2(x, centroids[best]!)) best = j; });
  return best;
}

function dist2(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

/** Rounded so floating-point summation order can never change a comparison. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function sortIds(c: Canon, ids: string[]): string[] {
  const key = (id: string) => c.participantById.get(id)?.key ?? id;
  return [...new Set(ids)].sort((a, b) => cmp(key(a), key(b)) || cmp(a, b));
}
