/**
 * Run by `npm run build` (so by `npm install`): writes the word vectors' binary cache
 * (word-vectors.ts) once, so that a user's first `interview-flow process` reads 24 MB instead of
 * parsing the embeddings' JSON (measured on a fresh clone: first run 18 s and 726 MB peak RSS
 * without it, 4.8 s and 256 MB once the cache exists).
 */
import { wordVectors } from './word-vectors.js';

wordVectors();
