import type { Token } from '../nlp.js';
import { wordVectors } from './word-vectors.js';

/**
 * Sentence vectors: the smooth-inverse-frequency weighted mean of the content words' vectors
 * (Arora et al., 2017, "A simple but tough-to-beat baseline for sentence embeddings"): frequent
 * words weigh little, so "really think it is" says nothing and "insurance claims" says much.
 * Word probability comes from the vectors' own frequency rank (Zipf), so no corpus is needed.
 */
const SIF_A = 1e-3;
/** Words every interview answer is full of: they describe the talk, not the topic. */
const DISCOURSE = new Set(['yeah', 'yes', 'okay', 'ok', 'um', 'uh', 'like', 'just', 'really', 'thing', 'things', 'stuff', 'kind', 'sort', 'lot', 'actually', 'basically', 'probably', 'maybe', 'mean', 'guess', 'know', 'think', 'pretty', 'quite', 'bit']);

export function isContent(t: Token): boolean {
  return t.type === 'word' && !t.stop && t.text.length > 1 && !DISCOURSE.has(t.text) && !DISCOURSE.has(t.lemma);
}

/** Probability of a word under Zipf's law over a 400k-word vocabulary (harmonic number ~ 13.5). */
function zipf(rank: number): number {
  return Number.isFinite(rank) ? 1 / (rank * 13.5) : 1e-7;
}

/** Unit-length sentence vector, or null when no content word has a vector. */
export function embedTokens(tokens: readonly Token[]): Float32Array | null {
  const wv = wordVectors();
  const out = new Float32Array(wv.dimensions);
  let n = 0;
  for (const t of tokens) {
    if (!isContent(t)) continue;
    const v = wv.get(t.text) ?? wv.get(t.lemma);
    if (!v) continue;
    const w = SIF_A / (SIF_A + zipf(wv.rank(wv.get(t.text) ? t.text : t.lemma)));
    for (let i = 0; i < out.length; i++) out[i]! += w * v[i]!;
    n++;
  }
  if (n === 0) return null;
  return normalise(out);
}

export function normalise(v: Float32Array): Float32Array | null {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  if (s === 0) return null;
  const k = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i]! *= k;
  return v;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Mean direction of several unit vectors (unit length). */
export function centroid(vs: Float32Array[]): Float32Array {
  const out = new Float32Array(vs[0]?.length ?? 100);
  for (const v of vs) for (let i = 0; i < out.length; i++) out[i]! += v[i]!;
  return normalise(out) ?? out;
}
