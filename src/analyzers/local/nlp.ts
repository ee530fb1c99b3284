import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { repairBreaks } from './sentence-breaks.js';
import type { Sentence, Token } from './sentence.js';

/**
 * wink-nlp with its English lite model: sentence boundaries, tokens, lemmas, POS and stop words.
 * Loaded once per process (the model is ~1 MB and takes a few ms to read).
 */
const nlp = winkNLP(model);
// The lite model's typings don't model every its.* helper precisely; the values are plain arrays.
const its = nlp.its as unknown as Record<string, any>;

export type { Sentence, Token } from './sentence.js';

/**
 * wink-nlp grows its lexicon with every out-of-vocabulary token it reads, and an OOV word with a
 * possessive ("AI's") is split or kept whole depending on what the process has read before.
 * Splitting the possessive ourselves keeps tokenisation a function of the text alone (determinism).
 * Contractions of common words stay as they are: they are in the model's own vocabulary.
 */
const KEEP_S = new Set(['it', 'that', 'what', 'there', 'here', 'he', 'she', 'let', 'who', 'where', 'how', 'when', 'why', 'this']);
function forNlp(text: string): string {
  // "large..." is one token or a word and an ellipsis depending on whether wink has read the word
  // before: a space before an ellipsis makes the sentence split the same every time.
  return text.replace(/([\p{L}\p{N}])(\.{2,}|…)/gu, '$1 $2').replace(/([\p{L}\p{N}]+)(['’]s)(?![\p{L}\p{N}])/gu, (m, word: string, s: string) =>
    (KEEP_S.has(word.toLowerCase()) ? m : `${word} ${s}`));
}

/**
 * Evidence quotes are analysed again by the insights and answers steps: a bounded cache saves
 * that work (results depend on the text alone, see forNlp). Callers must not mutate results.
 */
const CACHE_LIMIT = 4000;
const cache = new Map<string, Sentence[]>();

/** Empties the cache (speed measurements start cold). */
export function clearNlpCache(): void {
  cache.clear();
}

/** Sentences of `text` with character offsets and lemmatised tokens. */
export function sentences(text: string): Sentence[] {
  const hit = cache.get(text);
  if (hit) return hit;
  const out = analyse(text);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(text, out);
  return out;
}

function analyse(text: string): Sentence[] {
  const doc = nlp.readDoc(forNlp(text));
  const lemmas = doc.tokens().out(its.lemma) as string[];
  const normals = doc.tokens().out(its.normal) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const stops = doc.tokens().out(its.stopWordFlag) as unknown as boolean[];
  const types = doc.tokens().out(its.type) as string[];
  const out: Sentence[] = [];
  let cursor = 0;
  doc.sentences().each((s: any) => {
    const [a, b] = s.out(its.span) as unknown as [number, number];
    const raw = s.out();
    const found = locate(text, raw, cursor);
    if (!found) return; // wink rewrote the text (very rare): the verbatim guard would drop it anyway
    cursor = found[1];
    const tokens: Token[] = [];
    for (let i = a; i <= b; i++) {
      tokens.push({
        text: normals[i] ?? '',
        lemma: (lemmas[i] ?? '').toLowerCase(),
        pos: pos[i] ?? 'X',
        stop: stops[i] ?? false,
        type: types[i] ?? 'word',
      });
    }
    out.push({ start: found[0], end: found[1], text: text.slice(found[0], found[1]), tokens });
  });
  return repairBreaks(text, out);
}

/** Lemmatised tokens of a short text (questions, theme cues). */
export function tokens(text: string): readonly Token[] {
  const sents = sentences(text);
  let flat = flattened.get(sents);
  if (!flat) flattened.set(sents, (flat = sents.flatMap((s) => s.tokens)));
  return flat;
}
/** tokens() of a cached sentences() result, kept as long as that result is (readonly: shared by every caller of the same text; callers must not mutate the sentences either). */
const flattened = new WeakMap<Sentence[], readonly Token[]>();

/** Find the sentence in the original text from `from`, tolerating whitespace differences. */
function locate(text: string, raw: string, from: number): [number, number] | null {
  const at = text.indexOf(raw, from);
  if (at >= 0) return [at, at + raw.length];
  // Whitespace may differ (wink joins tokens with their recorded preceding spaces).
  const words = raw.split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const first = text.indexOf(words[0]!, from);
  if (first < 0) return null;
  let pos = first + words[0]!.length;
  for (const w of words.slice(1)) {
    const next = text.indexOf(w, pos);
    if (next < 0 || text.slice(pos, next).trim() !== '') return null;
    pos = next + w.length;
  }
  return [first, pos];
}
