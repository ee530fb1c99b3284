import { centroid } from './embed.js';
import { wordVectors } from './word-vectors.js';

/** The word vector of a concept (mean of its words' vectors), null when a word has none. */
export function conceptVector(key: string): Float32Array | null {
  const wv = wordVectors();
  const vs = key.split(' ').map((w) => wv.get(w));
  if (vs.some((v) => !v)) return null;
  return centroid(vs as Float32Array[]);
}
