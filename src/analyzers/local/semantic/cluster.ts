import { centroid, cosine } from './embed.js';

/**
 * Average-linkage agglomerative clustering on cosine similarity: merge the two most similar
 * clusters until no pair is closer than `threshold`. Deterministic and independent of input
 * order as long as callers pass items sorted by a stable key (ties break on the lower index).
 * Each row keeps its best partner, so a run costs about O(n^2) rather than O(n^3).
 */
export interface ClusterOptions {
  /** Stop merging when the best average similarity is below this (default 0.45). */
  threshold?: number;
  /** Veto a merge (e.g. a group would hold too many participants); default: all allowed. */
  canMerge?: (a: number[], b: number[]) => boolean;
}

export function agglomerate(vectors: Float32Array[], opts: ClusterOptions = {}): number[][] {
  const threshold = opts.threshold ?? 0.45;
  const n = vectors.length;
  const sim: Float64Array[] = vectors.map((a, i) => {
    const row = new Float64Array(n);
    for (let j = 0; j < n; j++) row[j] = i === j ? -Infinity : cosine(a, vectors[j]!);
    return row;
  });
  const members: (number[] | null)[] = vectors.map((_, i) => [i]);
  const best = new Int32Array(n).fill(-1);
  const rowBest = (i: number) => {
    let b = -1, bs = -Infinity;
    const row = sim[i]!;
    for (let j = 0; j < n; j++) if (j !== i && members[j] && row[j]! > bs) { bs = row[j]!; b = j; }
    best[i] = b;
  };
  for (let i = 0; i < n; i++) rowBest(i);
  for (;;) {
    let bi = -1, bs = threshold;
    for (let i = 0; i < n; i++) {
      const j = best[i]!;
      if (!members[i] || j < 0) continue;
      const s = sim[i]![j]!;
      if (s > bs || (s === bs && bi >= 0 && Math.min(i, j) < Math.min(bi, best[bi]!))) { bs = s; bi = i; }
    }
    if (bi < 0) break;
    const i = Math.min(bi, best[bi]!), j = Math.max(bi, best[bi]!);
    const a = members[i]!, b = members[j]!;
    if (opts.canMerge && !opts.canMerge(a, b)) {
      // Vetoed: never propose this pair again.
      sim[i]![j] = -Infinity;
      sim[j]![i] = -Infinity;
      rowBest(i);
      rowBest(j);
      continue;
    }
    // Average linkage: the merged row is the size-weighted mean of the two rows.
    for (let k = 0; k < n; k++) {
      if (!members[k] || k === i || k === j) continue;
      const v = sim[i]![k] === -Infinity || sim[j]![k] === -Infinity
        ? -Infinity // a vetoed pair stays vetoed
        : (sim[i]![k]! * a.length + sim[j]![k]! * b.length) / (a.length + b.length);
      sim[i]![k] = v;
      sim[k]![i] = v;
    }
    members[i] = [...a, ...b].sort((x, y) => x - y);
    members[j] = null;
    rowBest(i);
    for (let k = 0; k < n; k++) {
      if (!members[k] || k === i) continue;
      if (best[k] === i || best[k] === j) rowBest(k);
      else if (sim[k]![i]! > sim[k]![best[k]!]!) best[k] = i;
    }
  }
  return members.filter((m): m is number[] => m !== null);
}

/** Index of the member closest to the cluster's centroid (its most typical item). */
export function medoid(vectors: Float32Array[], member: number[]): number {
  const c = centroid(member.map((i) => vectors[i]!));
  let best = member[0]!, bs = -Infinity;
  for (const i of member) {
    const s = cosine(vectors[i]!, c);
    if (s > bs) { bs = s; best = i; }
  }
  return best;
}
