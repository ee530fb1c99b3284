import type { ProjectPersona, ProjectTheme } from '../../../domain/synthesis.js';
import { cmp, type Canon } from './canon.js';
import { chooseK, closest, dist2 } from './persona-cluster.js';
import { participantFeatures, type ParticipantPoint, type PersonaFeatureOptions } from './persona-features.js';
import { describePersona, distinctive } from './persona-describe.js';

export interface PersonaOptions {
  /** Participants with fewer evidence units are not profiled (unassigned). Default 3. */
  minEvidence?: number;
  /** A persona needs this many members. Default 2 (never less). */
  minMembers?: number;
  /** A persona needs this share of the profiled participants too. Default 0.04. */
  minShare?: number;
  /** Fewest personas tried when there are at least 12 profiled participants. Default 3. */
  minPersonas?: number;
  /** Most personas tried (k of k-means). Default 7. */
  maxPersonas?: number;
  /**
   * A participant farther from their persona's centre than the median distance plus this many
   * scaled median absolute deviations fits no persona (outlier). Default 3.
   */
  outlierMads?: number;
  features?: PersonaFeatureOptions;
}

/**
 * Study-level personas: participants clustered on what they talk about, the project themes they
 * take part in and how they talk (facet profile; persona-features.ts), by k-means with k chosen
 * by silhouette in a bounded range (3 to the smaller of 7 and sqrt(n/2) for n >= 12 profiled participants; persona-cluster.ts).
 * Every profiled participant joins the nearest persona unless an outlier. Each persona is named
 * and described by what sets its members apart from the other participants (persona-describe.ts);
 * goals and pains are members' whole quotes. Deterministic for a canonical input.
 */
export function buildPersonas(c: Canon, opts: PersonaOptions = {}, themes: Pick<ProjectTheme, 'name' | 'evidence'>[] = []): { personas: ProjectPersona[]; unassigned: string[] } {
  const minMembers = Math.max(2, opts.minMembers ?? 2);
  const profiled = c.participants.filter((p) => p.evidenceCount >= (opts.minEvidence ?? 3));
  const profiledIds = new Set(profiled.map((p) => p.personId));
  const unassigned = new Set(c.participants.filter((p) => !profiledIds.has(p.personId)).map((p) => p.personId));
  const none = () => ({ personas: [], unassigned: sortIds(c, [...unassigned, ...profiledIds]) });
  if (profiled.length < 2 * minMembers) return none();

  const themeEvidence = themes.map((t) => t.evidence.filter((l) => l.role !== 'counter').map((l) => l.evidenceId));
  const { points, meanShare } = participantFeatures(c, profiled, themeEvidence, opts.features);
  const xs = points.map((x) => x.vector);
  const minSize = Math.max(minMembers, Math.ceil((opts.minShare ?? 0.04) * points.length));
  // at least 3 personas from 12 participants on (2 below), at most about sqrt(n/2) (a common rule of
  // thumb for k) but never under that floor (round(sqrt(12/2)) = 2 would cut it), 7 at most, each of minSize
  const floorK = points.length >= 12 ? (opts.minPersonas ?? 3) : 2;
  const maxK = Math.min(opts.maxPersonas ?? 7, Math.floor(points.length / minSize), Math.max(floorK, Math.round(Math.sqrt(points.length / 2))));
  const minK = Math.min(maxK, floorK);
  // no k gives every persona minSize members: the smallest persona size allowed instead
  const best = chooseK(xs, { minK, maxK, minSize }) ?? chooseK(xs, { minK: 2, maxK: Math.max(2, maxK), minSize: minMembers });
  if (!best) return none();

  // every participant to the nearest persona, unless far out (robust distance threshold)
  const d = xs.map((x, i) => Math.sqrt(dist2(x, best.centroids[best.assign[i]!]!)));
  const sorted = [...d].sort((a, b) => a - b);
  const med = sorted[Math.floor(sorted.length / 2)]!;
  const mad = [...d.map((x) => Math.abs(x - med))].sort((a, b) => a - b)[Math.floor(d.length / 2)]!;
  const limit = med + (opts.outlierMads ?? 3) * 1.4826 * Math.max(mad, 1e-6);
  const clusters: ParticipantPoint[][] = best.centroids.map(() => []);
  points.forEach((x, i) => {
    if (d[i]! > limit) unassigned.add(x.p.personId);
    else clusters[closest(xs[i]!, best.centroids)]!.push(x);
  });

  const kept = clusters.filter((m) => m.length >= minMembers);
  clusters.filter((m) => m.length < minMembers).flat().forEach((x) => unassigned.add(x.p.personId));
  const features = distinctive(kept, points, themes.map((t) => t.name));
  const usedNames = new Set<string>();
  const personas = kept.map((members, k) => describePersona(c, members, features[k]!, meanShare, usedNames));
  personas.sort((a, b) => b.members.length - a.members.length || cmp(a.name, b.name));
  return { personas, unassigned: sortIds(c, [...unassigned]) };
}

function sortIds(c: Canon, ids: string[]): string[] {
  const key = (id: string) => c.participantById.get(id)?.key ?? id;
  return [...new Set(ids)].sort((a, b) => cmp(key(a), key(b)) || cmp(a, b));
}

