// The free conversations of a tuning set's labelled interviews (answers-cache.ts), set up as
// answers.ts ranks them by turn: their guide, host prompts, units, turns and vocabulary, and per
// question the turn scores (answer-turns.ts). Shared by the tuning aids answers-why.ts and
// answers-features.ts. Tuning sets only.
import { conversational, guideTurns } from '../../src/analyzers/local/answer-guide.js';
import { isFreeConversation } from '../../src/analyzers/local/answer-confidence.js';
import { META, topicOver, vocabularyOf, wordBag, type Topic } from '../../src/analyzers/local/answer-topic.js';
import { scoreTurns, turnsOf, type TurnScore } from '../../src/analyzers/local/answer-turns.js';
import { promptsByUtterance } from '../../src/analyzers/local/answers.js';
import { tokens } from '../../src/analyzers/local/nlp.js';
import { embedTokens, isContent } from '../../src/analyzers/local/semantic/embed.js';
import type { AnswerSet } from './answers-cache.js';

/** Each labelled interview of the set that is a free conversation (isFreeConversation), set up once. */
export function* freeConversations({ ivs, outputs }: Pick<AnswerSet, 'ivs' | 'outputs'>, interviewId?: string) {
  for (const o of outputs) {
    if (interviewId && o.interviewId !== interviewId) continue;
    const iv = ivs.find((x) => x.id === o.interviewId)!;
    const guide = guideTurns(iv.utterances);
    if (!isFreeConversation(guide.length, conversational(iv.utterances))) continue;
    const prompts = promptsByUtterance(iv.utterances, guide);
    const units = o.evidence.map((e) => {
      const words = tokens(e.verbatim).filter((t) => isContent(t) && !META.has(t.lemma));
      return { utteranceId: e.utteranceId, bag: wordBag(words), vector: embedTokens(words), words: words.length, facets: e.facets.map((f) => f.kind) };
    });
    yield {
      iv, guide, prompts, units,
      turns: turnsOf(units),
      vocabulary: vocabularyOf([...units.map((u) => u.bag), ...guide.map((g) => g.bag)]),
      byId: new Map(iv.utterances.map((u) => [u.id, u])),
    };
  }
}

export type FreeConversation = ReturnType<typeof freeConversations> extends Generator<infer C> ? C : never;

/** A question's topic over the conversation, its vector and every turn's score, as answers.ts computes them. */
export function turnScores(c: FreeConversation, question: string, frame: Set<string>): { topic: Topic; qv: Float32Array; scores: Map<string, TurnScore> } {
  const topic = topicOver(question, c.vocabulary, frame);
  const qv = embedTokens(tokens(question).filter((t) => !META.has(t.lemma)))!;
  return { topic, qv, scores: scoreTurns(c.turns, topic, qv, (id) => c.prompts.get(id)?.bag) };
}
