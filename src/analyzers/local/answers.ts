import bm25 from 'wink-bm25-text-search';
import type { AnswerProposal, FacetKind, StoredEvidence } from '../../domain/analysis.js';
import type { Utterance } from '../../domain/transcript.js';
import type { AnswersRequest } from '../../ports/analyzer.js';
import { askScores, conversational, guideTurns, questionPart, type GuideTurn } from './answer-guide.js';
import { frameWords, META, topicCoverage, topicOver, vocabularyOf, wordBag, type Topic, type WordBag } from './answer-topic.js';
import { questionStance } from './answer-stance.js';
import { answerConfidence, isFreeConversation, type LinkedUnitFeatures } from './answer-confidence.js';
import { askedAndSaid, inOwnWords, saidTopic, scoreTurns, turnsOf, type Turn, type TurnScore } from './answer-turns.js';
import { tokens, type Token } from './nlp.js';
import { cosine, embedTokens, isContent } from './semantic/embed.js';

/**
 * Answers anchored on the interview guide. Each research question is matched to the interviewer
 * turns that ask it (answer-guide.ts); the units the participant said in reply are ranked first,
 * then a search over the whole interview fills the top five. Units are ranked by a hybrid score:
 * BM25F (wink-bm25-text-search; fields: the unit's words and the interviewer question it replies
 * to), the unit's sentence-vector similarity to the question, and how many of the question's
 * topic words it mentions. Among the reply and the search hits, units that say the kind of thing
 * the question asks for (answer-stance.ts: a concern, a wish, a practice) come first. A question
 * nobody asked is answered only by units that mention its topic; otherwise it is `not_addressed`.
 * In a free conversation (a podcast: more asking turns than a guide has) no single turn asks the
 * question in its words; there units are ranked by how well their whole turn answers it
 * (answer-turns.ts).
 */
const TOP_K = 5;
/** Fewer anchored units than this are completed by search results. */
const MIN_ANCHORED = 3;
const FIELD_WEIGHTS = { body: 1, prompt: 1.6 };
/** An interviewer turn asks a research question when it covers this share of its topic words... */
const ASK_COVERAGE = 0.5;
/** ...and is this close in meaning. */
const ASK_SIMILARITY = 0.6;
/** A search hit must mention this share of the question's topic words (or its prompt must). */
const SEARCH_COVERAGE = 0.5;
/** Search hits scoring below this share of the best hit are not linked. */
const RELATIVE_CUTOFF = 0.6;
/** Units this short ("Yes, definitely.") rarely answer anything on their own. */
const SHORT_UNIT_WORDS = 5;

export function lemmaText(text: string): string {
  return tokens(text)
    .filter((t) => (t.type === 'word' || t.type === 'number') && !t.stop && t.lemma.length > 1 && !META.has(t.lemma))
    .map((t) => t.lemma.replace(/\s+/g, '_'))
    .join(' ');
}

interface Unit { e: StoredEvidence; bag: WordBag; vector: Float32Array | null; prompt: WordBag; short: boolean }

export function answersFor(req: AnswersRequest): AnswerProposal[] {
  return rankAnswers(req).map((r) => r.answer);
}

/** An answer with the calibration features of each linked unit (for scripts/eval/calibrate-answers.ts). */
export interface RankedAnswer { answer: AnswerProposal; features: LinkedUnitFeatures[] }

/**
 * How the answers are found: as `isFreeConversation` decides (default), or forced one way, which
 * `scripts/eval/calibrate-answers.ts` uses to price a conversation anchored like a guide.
 */
export type Route = 'anchored' | 'by-turn';

export function rankAnswers(req: AnswersRequest, route?: Route): RankedAnswer[] {
  const none = (id: string): RankedAnswer => ({ answer: notAddressed(id), features: [] });
  const ordered = [...req.evidence].sort((a, b) => a.startMs - b.startMs || cmp(a.key, b.key));
  if (ordered.length === 0) return req.questions.map((q) => none(q.id));
  const guide = guideTurns(req.utterances);
  const prompts = promptsByUtterance(req.utterances, guide);
  const noPrompt: WordBag = { lemmas: new Set(), vectors: new Map(), sequence: [] };
  const engine = bm25();
  engine.defineConfig({ fldWeights: FIELD_WEIGHTS, bm25Params: { k1: 1.2, b: 0.75, k: 1 } });
  engine.definePrepTasks([(s: string) => s.split(' ').filter(Boolean)]);
  const units: Unit[] = ordered.map((e, i) => {
    const all = tokens(e.verbatim);
    const words = all.filter((t) => isContent(t) && !META.has(t.lemma));
    const prompt = prompts.get(e.utteranceId);
    engine.addDoc({ body: lemmaText(e.verbatim), prompt: prompt?.lemmas ?? '' }, String(i));
    return { e, bag: wordBag(words), vector: embedTokens(words), prompt: prompt?.bag ?? noPrompt, short: all.filter((t) => t.type === 'word').length < SHORT_UNIT_WORDS };
  });
  // BM25 needs at least three documents; pad tiny interviews with empty ones.
  for (let i = ordered.length; i < 3; i++) engine.addDoc({ body: '', prompt: '' }, `pad${i}`);
  engine.consolidate();
  const withEvidence = new Set(ordered.map((e) => e.utteranceId));
  const answered = guide.map((g) => g.answers.some((id) => withEvidence.has(id)));
  // a free conversation (more asking turns than a structured guide has, or a host who comments
  // between the asks: isFreeConversation) phrases its questions loosely: there the units are ranked
  // by their whole turn (answer-turns.ts), not anchored on one
  const conversation = conversational(req.utterances);
  const loose = route ? route === 'by-turn' : isFreeConversation(guide.length, conversation);
  const turns = loose ? turnsOf(units.map((u) => ({ utteranceId: u.e.utteranceId, bag: u.bag, vector: u.vector }))) : new Map<string, Turn>();
  const vocabulary = vocabularyOf([...units.map((u) => u.bag), ...guide.map((g) => g.bag)]);
  const frame = frameWords(req.questions.map((q) => q.text));

  return req.questions.map((q) => {
    const query = lemmaText(q.text);
    const stance = questionStance(q.text);
    const topic = topicOver(q.text, vocabulary, frame);
    const qv = embedTokens(tokens(q.text).filter((t) => !META.has(t.lemma)));
    if (!query || topic.length === 0 || !qv) return none(q.id);
    const bm = new Map(engine.search(query, ordered.length + 3).filter(([id]) => !id.startsWith('pad')).map(([id, s]) => [Number(id), s]));
    const bestBm = Math.max(0, ...bm.values());
    const promptCoverages = new Map<WordBag, number>(); // one per interviewer turn, not per unit
    const scored = units.map((u, i) => {
      const coverage = topicCoverage(topic, u.bag);
      let promptCoverage = promptCoverages.get(u.prompt);
      if (promptCoverage === undefined) promptCoverages.set(u.prompt, (promptCoverage = topicCoverage(topic, u.prompt)));
      const sim = u.vector ? Math.max(0, cosine(qv, u.vector)) : 0;
      const score = (bestBm > 0 ? (bm.get(i) ?? 0) / bestBm : 0) * 0.5 + sim + coverage * 0.5 - (u.short ? 0.3 : 0);
      return { u, coverage, promptCoverage, score };
    }).sort((a, b) => b.score - a.score || a.u.e.startMs - b.u.e.startMs || cmp(a.u.e.key, b.u.e.key));

    // a search hit says half the topic and never just one word of it ("a client project" is not how clients react)
    const slots = topic.filter((s) => !s.frame).length;
    const minCoverage = Math.max(SEARCH_COVERAGE, Math.min(2, slots) / slots);
    if (loose) {
      const promptOf = (id: string) => prompts.get(id)?.bag;
      const answer = (t: Topic): RankedAnswer => {
        // a question the conversation says only one word of is asked and answered in that word
        const oneWord = saidTopic(t, turns, promptOf);
        if (!oneWord) return byTurn(q.id, scored, scoreTurns(turns, t, qv, promptOf), minCoverage, guide.length, conversation);
        return byTurn(q.id, scored, askedAndSaid(scoreTurns(turns, oneWord, qv, promptOf), turns, oneWord, promptOf), 1, guide.length, conversation);
      };
      const asked = answer(topic);
      if (asked.answer.status !== 'not_addressed') return asked;
      // before "not addressed": the conversation may say the question's concept in its own words
      const own = inOwnWords(q.text, topic, turns, promptOf, vocabulary);
      return own ? answer(own) : asked;
    }

    // Anchored on the guide: the turns asking this question, then what the participant replied.
    const asks = askScores(q.text, topic, guide);
    // only turns the participant answered with evidence can anchor (not one answered "[laughs]")
    // a wrap-up ("anything else you'd like to add?") asks for anything, so it asks no research question
    const asking = (i: number) => asks[i]!.cos >= ASK_SIMILARITY && answered[i]! && !guide[i]!.closing;
    const bestCoverage = Math.max(0, ...asks.filter((_, i) => asking(i)).map((s) => s.coverage));
    const asked = new Set(bestCoverage >= ASK_COVERAGE
      ? guide.flatMap((g, i) => (asking(i) && asks[i]!.coverage >= bestCoverage ? g.answers : []))
      : []);
    const anchored = stanceFirst(scored.filter((s) => asked.has(s.u.e.utteranceId)), stance);
    // found through its prompt, a unit still says something of the topic ("I think everything has been covered" does not)
    const viaPrompt = (s: { coverage: number; promptCoverage: number }) => s.promptCoverage >= minCoverage && s.coverage > 0;
    const found = scored.filter((s) => !asked.has(s.u.e.utteranceId) && (s.coverage >= minCoverage || viaPrompt(s)) && !s.u.short);
    const bestFound = found[0]?.score ?? 0;
    const search = stanceFirst(found.filter((s) => s.score >= bestFound * RELATIVE_CUTOFF), stance);
    // The reply to the question comes first; search fills in only when that reply is short.
    const linked = [...anchored.slice(0, TOP_K), ...(anchored.length >= MIN_ANCHORED ? [] : search)].slice(0, TOP_K);
    if (linked.length === 0) return none(q.id);
    // A question the guide asked and the participant answered is never "not addressed".
    const status = anchored.length > 0 || search.length >= 2 ? 'answered' : 'partially_answered';
    const askingTurns = bestCoverage >= ASK_COVERAGE ? guide.filter((_, i) => asking(i) && asks[i]!.coverage >= bestCoverage).length : 0;
    const features = linked.map((s, rank) => ({ anchored: asked.has(s.u.e.utteranceId), rank, coverage: s.coverage, askCoverage: bestCoverage, askingTurns, guideTurns: guide.length, replyUnits: anchored.length, conversation }));
    return {
      answer: {
        questionId: q.id,
        status,
        answer: linked.slice(0, 2).map((s) => s.u.e.verbatim).join(' … '),
        confidence: answerConfidence(features),
        evidenceIds: linked.map((s) => s.u.e.id),
      },
      features,
    };
  });
}

/**
 * A free conversation's answer (answer-turns.ts): the units of the turns that say the most of the
 * question's topic, a turn saying at least `minCoverage` of it, the best sentences of each turn first.
 */
function byTurn(questionId: string, scored: { u: Unit; coverage: number; score: number }[], turnScores: Map<string, TurnScore>, minCoverage: number, guideLength: number, conversation: boolean): RankedAnswer {
  const turn = (s: { u: Unit }) => turnScores.get(s.u.e.utteranceId)!;
  const linked = scored.filter((s) => !s.u.short && turn(s).coverage >= minCoverage)
    .sort((a, b) => turn(b).score - turn(a).score || b.score - a.score || a.u.e.startMs - b.u.e.startMs || cmp(a.u.e.key, b.u.e.key))
    .slice(0, TOP_K);
  if (linked.length === 0) return { answer: notAddressed(questionId), features: [] };
  const features = linked.map((s, rank) => ({ anchored: false, byTurn: true, rank, coverage: turn(s).coverage, askCoverage: 0, askingTurns: 0, guideTurns: guideLength, replyUnits: 0, conversation }));
  return {
    answer: {
      questionId,
      status: 'answered',
      answer: linked.slice(0, 2).map((s) => s.u.e.verbatim).join(' … '),
      confidence: answerConfidence(features),
      evidenceIds: linked.map((s) => s.u.e.id),
    },
    features,
  };
}

export function notAddressed(questionId: string): AnswerProposal {
  return { questionId, status: 'not_addressed', answer: '', confidence: 0.5, evidenceIds: [] };
}

/**
 * For each participant utterance: the interviewer question just before it (its question
 * sentences only: the reflection before them mostly repeats the previous answer), skipping
 * backchannel turns ("Right.") so a reply resumed after one keeps its question.
 */
export function promptsByUtterance(utterances: Utterance[], guide: GuideTurn[] = guideTurns(utterances)): Map<string, { lemmas: string; bag: WordBag }> {
  const out = new Map<string, { lemmas: string; bag: WordBag }>();
  const byIndex = new Map(utterances.map((u) => [u.index, u]));
  for (const g of guide) {
    const part = questionPart(byIndex.get(g.index)!.text).text;
    const prompt = { lemmas: lemmaText(part), bag: g.bag };
    for (const id of g.answers) out.set(id, prompt);
  }
  return out;
}

/** Units saying what the question asks for (a facet of its stance) first, each group still by score; a boost, not a filter. */
function stanceFirst<T extends { u: Unit }>(ranked: T[], stance: Set<FacetKind>): T[] {
  if (stance.size === 0) return ranked;
  const says = (s: T) => s.u.e.facets.some((f) => stance.has(f.kind));
  return [...ranked.filter(says), ...ranked.filter((s) => !says(s))];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
