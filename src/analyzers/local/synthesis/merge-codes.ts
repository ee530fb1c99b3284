import type { InterviewCode } from '../../../domain/synthesis.js';
import { tokens } from '../nlp.js';
import { centroid, cosine, embedTokens } from '../semantic/embed.js';
import { centred } from '../semantic/emergent-themes.js';

export interface MergeOptions {
  /** Cosine similarity (of mean-removed vectors) above which a code joins a group. Default 0.35. */
  similarity?: number;
  /** Refinement passes (reassign every group to its closest centre). Default 3. */
  passes?: number;
}

/**
 * Merges groups of codes (each group: codes already sharing a name) that mean the same thing:
 * each group is embedded (sentence vectors of its codes' names and quotes, mean removed so
 * what all codes share does not count), then leader clustering in canonical order with a few
 * refinement passes. Linear in the number of groups times the number of themes, so a project of
 * thousands of interviews merges its codes in a moment; deterministic for a given canonical order.
 */
export function mergeSimilar(groups: InterviewCode[][], textOf: (code: InterviewCode) => string, opts: MergeOptions = {}): InterviewCode[][] {
  const similarity = opts.similarity ?? 0.35;
  const embedded = groups.map((g) => {
    const vs = g.slice(0, 8).map((k) => embedTokens(tokens(textOf(k)))).filter((v): v is Float32Array => v !== null);
    return vs.length ? centroid(vs) : null;
  });
  const idx = embedded.map((v, i) => (v ? i : -1)).filter((i) => i >= 0);
  if (idx.length < 2) return groups;
  const vectors = centred(idx.map((i) => embedded[i]!));
  // leader clustering: a group joins the most similar existing centre, or starts one
  let assign: number[] = [];
  let centres: Float32Array[] = [];
  vectors.forEach((v) => {
    let best = -1, bs = similarity;
    centres.forEach((c, k) => { const s = cosine(v, c); if (s > bs) { bs = s; best = k; } });
    if (best < 0) { centres.push(v); assign.push(centres.length - 1); } else assign.push(best);
  });
  for (let pass = 0; pass < (opts.passes ?? 3); pass++) {
    centres = centres.map((c, k) => {
      const mine = vectors.filter((_, i) => assign[i] === k);
      return mine.length ? centroid(mine) : c;
    });
    const next = vectors.map((v, i) => {
      let best = assign[i]!, bs = -Infinity;
      centres.forEach((c, k) => { const s = cosine(v, c); if (s > bs) { bs = s; best = k; } });
      return bs >= similarity ? best : assign[i]!;
    });
    if (next.every((a, i) => a === assign[i])) break;
    assign = next;
  }
  const merged = new Map<number, InterviewCode[]>();
  idx.forEach((gi, i) => merged.set(assign[i]!, [...(merged.get(assign[i]!) ?? []), ...groups[gi]!]));
  const unembedded = groups.filter((_, i) => !embedded[i]);
  return [...[...merged.keys()].sort((a, b) => a - b).map((k) => merged.get(k)!), ...unembedded];
}
