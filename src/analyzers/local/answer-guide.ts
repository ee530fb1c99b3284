import type { Utterance } from '../../domain/transcript.js';
import { sentences, tokens, type Token } from './nlp.js';
import { cosine, embedTokens, isContent } from './semantic/embed.js';
import { wordVectors } from './semantic/word-vectors.js';

/**
 * The interview guide as the interviewer followed it: each interviewer turn that asks something,
 * and the participant turns that reply to it. A research question is matched to the turns that
 * ask it by meaning (sentence vectors) AND by covering the question's topic words (exactly or by
 * a close word vector), so "what role does X play" is not every question that starts "what role".
 */

/** Words about the study itself, not the topic of a question. */
export const META = new Set(['participant', 'participants', 'people', 'person', 'interviewee', 'respondent', 'user', 'users', 'they', 'their', 'them', 'you', 'your']);

/** Words of any question that say nothing about its topic (the frame of asking). */
const GENERIC_ASK = new Set(['feel', 'think', 'do', 'use', 'work', 'get', 'make', 'way', 'thing', 'what', 'how', 'why', 'kind', 'describe', 'tell', 'like', 'would', 'want', 'go', 'have', 'be', 'say', 'talk', 'role', 'play', 'part', 'look', 'mean', 'happen', 'come', 'lot', 'much', 'many', 'well']);

/** Requests phrased as instructions ("Walk me through...", "Tell me about...") are questions too. */
const REQUEST = /^(?:walk|tell|describe|share|talk|think|imagine|take|give|help|explain|let's|let us|i'd love|i would love|i'm curious|i am curious|i'd like|i would like|i wonder|i'm wondering|what about|how about)\b/i;

/** A turn without a question this short is a backchannel ("Right.", "Wow, there you go."): the reply after it still answers the question before. */
const BACKCHANNEL_MAX_WORDS = 12;

/** Words this frequent (rank in the vectors' corpus) are never another word's synonym. */
const COMMON_RANK = 1000;

/** An interviewer question this short is a follow-up probe of the question before it. */
const FOLLOW_UP_MAX_WORDS = 8;

/** Two words mean the same topic when their vectors are this close ("hire"/"recruit"). */
const WORD_SIMILARITY = 0.72;

export interface GuideTurn {
  index: number;
  vector: Float32Array;
  /** Content tokens of the asking part. */
  words: Token[];
  bag: WordBag;
  /** Participant utterance ids replying to this turn (until the next asking turn). */
  answers: string[];
}

/** The asking part of an interviewer turn: its questions and requests, else its last sentence. */
export function questionPart(text: string): { text: string; asks: boolean } {
  const s = sentences(text);
  const asks = s.filter((x) => x.text.includes('?') || REQUEST.test(x.text.trim()));
  if (asks.length > 0) return { text: asks.map((x) => x.text).join(' '), asks: true };
  return { text: s.at(-1)?.text ?? text, asks: false };
}

export function guideTurns(utterances: Utterance[]): GuideTurn[] {
  const out: GuideTurn[] = [];
  let cur = null as GuideTurn | null;
  // the turn a short follow-up ("Did you say billion?", "Why?") probes: its replies answer both
  let probed = null as GuideTurn | null;
  for (const u of [...utterances].sort((a, b) => a.index - b.index)) {
    if (u.role === 'interviewer') {
      const part = questionPart(u.text);
      const length = u.text.split(/\s+/).length;
      if (!part.asks && length <= BACKCHANNEL_MAX_WORDS && cur) continue;
      const words = tokens(part.text).filter((t) => isContent(t) && !META.has(t.lemma));
      const v = embedTokens(words);
      probed = part.asks && length <= FOLLOW_UP_MAX_WORDS && cur ? (probed ?? cur) : null;
      cur = v ? { index: u.index, vector: v, words, bag: wordBag(words), answers: [] } : null;
      if (cur) out.push(cur);
    } else {
      cur?.answers.push(u.id);
      if (probed && probed !== cur) probed.answers.push(u.id);
    }
  }
  return out;
}

/** The topic words of a research question (content lemmas without the frame of asking). */
export function topicWords(question: string): Token[] {
  const seen = new Set<string>();
  // a possessive's "'s" (split off by nlp.ts) is not a topic word: "AI's effect" is about AI and effect
  return tokens(question).filter((t) => isContent(t) && !t.lemma.startsWith("'") && !META.has(t.lemma) && !GENERIC_ASK.has(t.lemma)
    && !seen.has(t.lemma) && (seen.add(t.lemma), true));
}

/** A text's distinct content lemmas, with their unit-length word vectors when known. */
export interface WordBag { lemmas: Set<string>; vectors: Map<string, Float32Array> }

export function wordBag(words: Token[]): WordBag {
  const vectors = new Map<string, Float32Array>();
  const lemmas = new Set<string>();
  for (const w of words) {
    if (lemmas.has(w.lemma)) continue;
    lemmas.add(w.lemma);
    const v = unitVector(w);
    if (v) vectors.set(w.lemma, v);
  }
  return { lemmas, vectors };
}

/** Unit-length word vectors, cached (they depend on the word alone). */
const UNIT_CACHE = new Map<string, Float32Array | null>();
const UNIT_CACHE_LIMIT = 50_000;

function unitVector(w: Token): Float32Array | null {
  // by lemma first, so a lemma has one vector whichever inflection came first ("ventures")
  const key = `${w.lemma}\u0000${w.text}`;
  let v = UNIT_CACHE.get(key);
  if (v !== undefined) return v;
  const wv = wordVectors();
  const raw = wv.get(w.lemma) ?? wv.get(w.text);
  v = raw ? unit(raw) : null;
  if (UNIT_CACHE.size >= UNIT_CACHE_LIMIT) UNIT_CACHE.delete(UNIT_CACHE.keys().next().value!);
  UNIT_CACHE.set(key, v);
  return v;
}

/** The lemmas of the given texts that may be a topic word's synonym, with their vectors. */
export function vocabularyOf(bags: WordBag[]): Map<string, Float32Array> {
  const wv = wordVectors();
  const vocabulary = new Map<string, Float32Array>();
  const common = new Set<string>();
  for (const b of bags) {
    for (const [l, v] of b.vectors) {
      if (vocabulary.has(l) || common.has(l)) continue;
      // the most frequent words sit close to everything ("start" ~ "come", "time", "way"): they
      // count only as themselves, never as another word's synonym
      if (wv.rank(l) <= COMMON_RANK) common.add(l);
      else vocabulary.set(l, v);
    }
  }
  return vocabulary;
}

/**
 * A question's topic over an interview's vocabulary: for each topic word, the lemmas that mean it
 * (itself, and every lemma of the interview whose vector is close). Computed once per question,
 * so coverage is then set lookups.
 */
export type Topic = Set<string>[];

export function topicOver(question: string, vocabulary: Map<string, Float32Array>): Topic {
  return topicWords(question).map((t) => {
    const same = new Set([t.lemma]);
    const tv = unitVector(t);
    if (!tv) return same;
    for (const [l, v] of vocabulary) if (dot(tv, v) >= WORD_SIMILARITY) same.add(l);
    return same;
  });
}

/** Share of the topic words a text mentions, the same lemma or a near-synonym. */
export function topicCoverage(topic: Topic, text: WordBag): number {
  if (topic.length === 0) return 0;
  let hit = 0;
  for (const same of topic) {
    for (const l of text.lemmas) if (same.has(l)) { hit++; break; }
  }
  return hit / topic.length;
}

function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  const out = new Float32Array(v.length);
  if (n === 0) return out;
  const k = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! * k;
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** How well each guide turn asks the question: sentence-vector cosine and topic coverage. */
export function askScores(question: string, topic: Topic, guide: GuideTurn[]): { cos: number; coverage: number }[] {
  const qv = embedTokens(tokens(question).filter((t) => !META.has(t.lemma)));
  return guide.map((g) => ({ cos: qv ? cosine(qv, g.vector) : 0, coverage: topicCoverage(topic, g.bag) }));
}
