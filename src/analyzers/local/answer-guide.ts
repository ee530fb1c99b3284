import type { Utterance } from '../../domain/transcript.js';
import { sentences, tokens, type Token } from './nlp.js';
import { cosine, embedTokens, isContent } from './semantic/embed.js';
import { FRAME_WEIGHT, META, topicCoverage, wordBag, type Topic, type WordBag } from './answer-topic.js';

export { META };

/**
 * The interview guide as the interviewer followed it: each interviewer turn that asks something,
 * and the participant turns that reply to it. A research question is matched to the turns that
 * ask it by meaning (sentence vectors) AND by covering the question's topic words (exactly or by
 * a close word vector), so "what role does X play" is not every question that starts "what role".
 */

/** Requests phrased as instructions ("Walk me through...", "Tell me about...") are questions too. */
const REQUEST = /^(?:walk|tell|describe|share|talk|think|imagine|take|give|help|explain|let's|let us|i'd love|i would love|i'm curious|i am curious|i'd like|i would like|i wonder|i'm wondering|what about|how about)\b/i;

/** A turn without a question this short is a backchannel ("Right.", "Wow, there you go."): the reply after it still answers the question before. */
const BACKCHANNEL_MAX_WORDS = 12;

/** An interviewer question this short is a follow-up probe of the question before it. */
const FOLLOW_UP_MAX_WORDS = 8;

export interface GuideTurn {
  index: number;
  vector: Float32Array;
  /** Content tokens of the asking part. */
  words: Token[];
  bag: WordBag;
  /** Participant utterance ids replying to this turn (until the next asking turn). */
  answers: string[];
  /** A wrap-up ("Is there anything else you'd like to add?"): it asks for anything, so it asks no research question. */
  closing: boolean;
}

/** The standard wrap-up of an interview guide: an invitation to add anything not covered yet. */
const CLOSING = /\b(?:anything (?:else|more|we haven't|we have not|i haven't|i have not|i didn't|i did not|you'd like to add|you would like to add)|something we haven't|any(?:thing| other thoughts?| final thoughts?) (?:to add|before we (?:wrap|finish|close|end)))/i;

/** The asking part of an interviewer turn: its questions and requests, else its last sentence. */
export function questionPart(text: string): { text: string; asks: boolean } {
  const s = sentences(text);
  const asks = s.filter((x) => x.text.includes('?') || REQUEST.test(x.text.trim()));
  if (asks.length > 0) return { text: asks.map((x) => x.text).join(' '), asks: true };
  return { text: s.at(-1)?.text ?? text, asks: false };
}

/** Comments between the asks a structured guide may have (a reflection without a question mark). */
const GUIDE_COMMENTS = 2;
/** A conversation's interviewer comments in at least this share of their turns. */
const CONVERSATION_COMMENT_SHARE = 0.05;

/**
 * Whether the interview is a conversation by its turn structure: between their first and last
 * question the interviewer takes the floor to comment (a turn of more than a backchannel's words
 * without a question: a story, an opinion, a remark on the reply) more than twice and in 5% of
 * their turns or more. The greeting before the first question and the thanks and goodbyes after the
 * last do not count, nor do backchannels ("Mm-hmm.", "Right."): a moderator who backchannels still
 * follows a guide. On the tuning sets' 245 structured guides 0-1 such comments; on the 20 founders
 * podcasts 4-51, 8-35% of the host's turns.
 */
export function conversational(utterances: Utterance[]): boolean {
  const interviewer = utterances.filter((u) => u.role === 'interviewer');
  const asks = interviewer.map((u) => questionPart(u.text).asks);
  const first = asks.indexOf(true);
  const last = asks.lastIndexOf(true);
  const comments = interviewer.filter((u, i) => i > first && i < last && !asks[i] && u.text.split(/\s+/).length > BACKCHANNEL_MAX_WORDS).length;
  return comments > GUIDE_COMMENTS && comments >= CONVERSATION_COMMENT_SHARE * interviewer.length;
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
      cur = v ? { index: u.index, vector: v, words, bag: wordBag(words), answers: [], closing: CLOSING.test(part.text) } : null;
      if (cur) out.push(cur);
    } else {
      cur?.answers.push(u.id);
      if (probed && probed !== cur) probed.answers.push(u.id);
    }
  }
  return out;
}

/** How well each guide turn asks the question: sentence-vector cosine and topic coverage. */
export function askScores(question: string, topic: Topic, guide: GuideTurn[]): { cos: number; coverage: number }[] {
  const qv = embedTokens(tokens(question).filter((t) => !META.has(t.lemma)));
  return guide.map((g) => ({ cos: qv ? cosine(qv, g.vector) : 0, coverage: topicCoverage(topic, g.bag, FRAME_WEIGHT) }));
}
