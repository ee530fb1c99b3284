import { centroid, cosine } from './embed.js';

/**
 * Average-linkage agglomerative clustering on cosine similarity: merge the two most similar
 * clusters until no pair is closer than `threshold`. Deterministic and independent of input
 * order as long as callers pass items sorted by a stable key (ties break on the lower index).
 */
export interface ClusterOptions {
  /** Stop merging when the best average similarity is below this (default 0.45). */
  threshold?: number;
}

export function agglomerate(vectors: Float32Array[], opts: ClusterOptions = {}): number[][] {
  const threshold = opts.threshold ?? 0.45;
  const n = vectors.length;
  const sim: number[][] = vectors.map((a, i) => vectors.map((b, j) => (i === j ? -Infinity : cosine(a, b))));
  const members: (number[] | null)[] = vectors.map((_, i) => [i]);
  for (;;) {
    let bi = -1, bj = -1, best = threshold;
    for (let i = 0; i < n; i++) {
      if (!members[i]) continue;
      const row = sim[i]!;
      for (let j = i + 1; j < n; j++) {
        if (members[j] && row[j]! > best) { best = row[j]!; bi = i; bj = j; }
      }
    }
    if (bi < 0) break;
    const a = members[bi]!, b = members[bj]!;
    // Average linkage: the merged row is the size-weighted mean of the two rows.
    for (let k = 0; k < n; k++) {
      if (!members[k] || k === bi || k === bj) continue;
      const v = (sim[bi]![k]! * a.length + sim[bj]![k]! * b.length) / (a.length + b.length);
      sim[bi]![k] = v;
      sim[k]![bi] = v;
    }
    members[bi] = [...a, ...b].sort((x, y) => x - y);
    members[bj] = null;
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
