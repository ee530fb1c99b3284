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

/** Two words mean the same topic when their vectors are this close ("hire"/"recruit"). */
const WORD_SIMILARITY = 0.72;

export interface GuideTurn {
  index: number;
  vector: Float32Array;
  /** Content tokens of the asking part. */
  words: Token[];
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
  let cur: GuideTurn | null = null;
  for (const u of [...utterances].sort((a, b) => a.index - b.index)) {
    if (u.role === 'interviewer') {
      const part = questionPart(u.text);
      if (!part.asks && u.text.split(/\s+/).length <= BACKCHANNEL_MAX_WORDS && cur) continue;
      const words = tokens(part.text).filter((t) => isContent(t) && !META.has(t.lemma));
      const v = embedTokens(words);
      cur = v ? { index: u.index, vector: v, words, answers: [] } : null;
      if (cur) out.push(cur);
    } else if (cur) cur.answers.push(u.id);
  }
  return out;
}

/** The topic words of a research question (content lemmas without the frame of asking). */
export function topicWords(question: string): Token[] {
  const seen = new Set<string>();
  return tokens(question).filter((t) => isContent(t) && !META.has(t.lemma) && !GENERIC_ASK.has(t.lemma)
    && !seen.has(t.lemma) && (seen.add(t.lemma), true));
}

/** Share of the topic words a set of tokens mentions, the same lemma or a near-synonym. */
export function topicCoverage(topic: Token[], words: Token[]): number {
  if (topic.length === 0) return 0;
  const wv = wordVectors();
  const lemmas = new Set(words.map((w) => w.lemma));
  const vecs = words.map((w) => wv.get(w.text) ?? wv.get(w.lemma)).filter((v): v is Float32Array => !!v);
  let hit = 0;
  for (const t of topic) {
    if (lemmas.has(t.lemma)) { hit++; continue; }
    const tv = wv.get(t.text) ?? wv.get(t.lemma);
    if (tv && vecs.some((v) => unitCosine(tv, v) >= WORD_SIMILARITY)) hit++;
  }
  return hit / topic.length;
}

function unitCosine(a: Float32Array, b: Float32Array): number {
  let s = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { s += a[i]! * b[i]!; na += a[i]! * a[i]!; nb += b[i]! * b[i]!; }
  return na === 0 || nb === 0 ? 0 : s / Math.sqrt(na * nb);
}

/** How well each guide turn asks the question: sentence-vector cosine and topic coverage. */
export function askScores(question: string, guide: GuideTurn[]): { cos: number; coverage: number }[] {
  const qv = embedTokens(tokens(question).filter((t) => !META.has(t.lemma)));
  const topic = topicWords(question);
  return guide.map((g) => ({ cos: qv ? cosine(qv, g.vector) : 0, coverage: topicCoverage(topic, g.words) }));
}
