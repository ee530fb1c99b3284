import { round6 } from './persona-features.js';

/**
 * k-means for personas: k-means++ seeding from a fixed-seed generator (so the result depends on
 * the canonical input order only), a few restarts keeping the lowest inertia, k chosen in a
 * bounded range by mean simplified silhouette; a k that leaves a cluster under the minimum size
 * is not taken. Linear in participants per iteration, so thousands of participants cluster fast.
 */
export interface KChoice {
  k: number;
  assign: number[];
  centroids: number[][];
  /** Simplified silhouette of each point. */
  sil: number[];
  score: number;
}

export interface ChooseOptions {
  minK: number;
  maxK: number;
  minSize: number;
  restarts?: number;
}

export function chooseK(xs: number[][], o: ChooseOptions): KChoice | undefined {
  // k is chosen on an evenly spaced sample of a large project (canonical order), then the
  // chosen k clusters everyone: a project of thousands of participants stays fast
  const step = Math.ceil(xs.length / SAMPLE);
  const sample = step > 1 ? xs.filter((_, i) => i % step === 0) : xs;
  const minSize = Math.max(2, Math.floor(o.minSize / step));
  let best: KChoice | undefined;
  for (let k = o.minK; k <= o.maxK; k++) {
    const choice = fit(sample, k, o.restarts ?? 3, minSize);
    if (choice && (!best || choice.score > best.score)) best = choice;
  }
  if (!best || step === 1) return best;
  return fit(xs, best.k, o.restarts ?? 3, 0) ?? undefined;
}

const SAMPLE = 400;

function fit(xs: number[][], k: number, restarts: number, minSize: number): KChoice | null {
  const { assign, centroids } = bestOf(xs, k, restarts);
  const sizes = centroids.map((_, j) => assign.filter((a) => a === j).length);
  if (sizes.some((s) => s < minSize)) return null;
  const sil = silhouettes(xs, assign, centroids);
  return { k, assign, centroids, sil, score: round6(sil.reduce((s, x) => s + x, 0) / sil.length) };
}

function bestOf(xs: number[][], k: number, restarts: number): { assign: number[]; centroids: number[][] } {
  let best: { assign: number[]; centroids: number[][]; inertia: number } | undefined;
  for (let r = 0; r < restarts; r++) {
    const run = kmeans(xs, k, mulberry32(0x9e3779b9 + 7919 * k + r));
    const inertia = round6(xs.reduce((s, x, i) => s + dist2(x, run.centroids[run.assign[i]!]!), 0));
    if (!best || inertia < best.inertia) best = { ...run, inertia };
  }
  return best!;
}

/** Lloyd's k-means with k-means++ seeding drawn from `random`. */
export function kmeans(xs: number[][], k: number, random: () => number, iterations = 30): { assign: number[]; centroids: number[][] } {
  const seeds = [Math.floor(random() * xs.length)];
  const nearest = xs.map((x) => dist2(x, xs[seeds[0]!]!));
  while (seeds.length < k) {
    const total = nearest.reduce((s, d) => s + d, 0);
    let pick = -1;
    if (total > 0) {
      let r = random() * total;
      for (let i = 0; i < xs.length; i++) {
        r -= nearest[i]!;
        if (r <= 0 && !seeds.includes(i)) { pick = i; break; }
      }
    }
    if (pick < 0) pick = xs.findIndex((_, i) => !seeds.includes(i));
    seeds.push(pick);
    xs.forEach((x, i) => { nearest[i] = Math.min(nearest[i]!, dist2(x, xs[pick]!)); });
  }
  let centroids = seeds.map((i) => [...xs[i]!]);
  let assign = xs.map(() => -1);
  for (let it = 0; it < iterations; it++) {
    const next = xs.map((x) => closest(x, centroids));
    const moved = next.some((a, i) => a !== assign[i]);
    assign = next;
    if (!moved) break;
    const sums = centroids.map((c) => c.map(() => 0));
    const counts = centroids.map(() => 0);
    xs.forEach((x, i) => {
      counts[assign[i]!]!++;
      const s = sums[assign[i]!]!;
      for (let d = 0; d < x.length; d++) s[d]! += x[d]!;
    });
    centroids = centroids.map((c, j) => (counts[j] === 0 ? c : sums[j]!.map((v) => round6(v / counts[j]!))));
  }
  return { assign, centroids };
}

/**
 * Simplified silhouette (distances to centroids instead of to every point: linear). 1: fits its
 * cluster, 0: on a border, < 0: closer to another cluster.
 */
export function silhouettes(xs: number[][], assign: number[], centroids: number[][]): number[] {
  return xs.map((x, i) => {
    const own = assign[i]!;
    const a = Math.sqrt(dist2(x, centroids[own]!));
    let b = Infinity;
    centroids.forEach((c, j) => { if (j !== own) b = Math.min(b, Math.sqrt(dist2(x, c))); });
    const m = Math.max(a, b);
    return b === Infinity || m === 0 ? 0 : round6((b - a) / m);
  });
}

export function closest(x: number[], centroids: number[][]): number {
  let best = 0, bd = Infinity;
  centroids.forEach((c, j) => {
    const d = dist2(x, c);
    if (d < bd) { bd = d; best = j; }
  });
  return best;
}

export function dist2(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

/** A small deterministic generator (mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
