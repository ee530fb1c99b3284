import bm25 from 'wink-bm25-text-search';
import type { AnswerProposal, StoredEvidence } from '../../domain/analysis.js';
import type { Utterance } from '../../domain/transcript.js';
import type { AnswersRequest } from '../../ports/analyzer.js';
import { sentences, tokens } from './nlp.js';
import { cosine, embedTokens } from './semantic/embed.js';

/**
 * Answers by BM25F retrieval (wink-bm25-text-search) over the interview's evidence units. Each
 * unit is a document with two fields: its own words, and the interviewer question it responds to
 * (interviewer turns are context, never evidence). The best units form the extractive answer.
 */
const TOP_K = 5;
/** Units scoring below this share of the best unit are not linked. */
const RELATIVE_CUTOFF = 0.45;
const FIELD_WEIGHTS = { body: 1, prompt: 1.6 };
/** Words about the study itself, not the topic of a question. */
const META = new Set(['participant', 'participants', 'people', 'person', 'interviewee', 'respondent', 'user', 'users', 'they', 'their', 'them', 'you', 'your']);

export function lemmaText(text: string): string {
  return tokens(text)
    .filter((t) => (t.type === 'word' || t.type === 'number') && !t.stop && t.lemma.length > 1 && !META.has(t.lemma))
    .map((t) => t.lemma.replace(/\s+/g, '_'))
    .join(' ');
}

export function answersFor(req: AnswersRequest): AnswerProposal[] {
  const ordered = [...req.evidence].sort((a, b) => a.startMs - b.startMs || cmp(a.key, b.key));
  if (ordered.length === 0) return req.questions.map((q) => notAddressed(q.id));
  const prompts = promptsByUtterance(req.utterances);
  const engine = bm25();
  engine.defineConfig({ fldWeights: FIELD_WEIGHTS, bm25Params: { k1: 1.2, b: 0.75, k: 1 } });
  engine.definePrepTasks([(s: string) => s.split(' ').filter(Boolean)]);
  const bodies = new Map<string, Set<string>>();
  ordered.forEach((e, i) => {
    const body = lemmaText(e.verbatim);
    const prompt = prompts.get(e.utteranceId) ?? '';
    bodies.set(e.id, new Set([...body.split(' '), ...prompt.split(' ')]));
    engine.addDoc({ body, prompt }, String(i));
  });
  // BM25 needs at least three documents; pad tiny interviews with empty ones.
  for (let i = ordered.length; i < 3; i++) engine.addDoc({ body: '', prompt: '' }, `pad${i}`);
  engine.consolidate();
  const docs = [...bodies.values()];
  const dfCache = new Map<string, number>();
  const df = (t: string) => {
    let n = dfCache.get(t);
    if (n === undefined) dfCache.set(t, (n = docs.filter((d) => d.has(t)).length));
    return n;
  };

  const guide = guideTurns(req.utterances);
  return req.questions.map((q) => {
    const query = lemmaText(q.text);
    const asked = answersToGuide(q.text, guide);
    const terms = [...new Set(query.split(' ').filter(Boolean))];
    if (terms.length === 0) return notAddressed(q.id);
    const hits = engine.search(query, 50)
      .filter(([id]) => !id.startsWith('pad'))
      .map(([id, score]) => ({ e: ordered[Number(id)]!, score }))
      .sort((a, b) => b.score - a.score || a.e.startMs - b.e.startMs || cmp(a.e.key, b.e.key));
    const best = hits[0];
    // Anchored on the guide: what the participant said right after the interviewer asked this
    // question comes first (best-scoring first), then the search over the whole interview.
    const anchoredUnits = ordered.filter((e) => asked.has(e.utteranceId));
    const score = new Map(hits.map((h) => [h.e.id, h.score]));
    const anchoredRanked = anchoredUnits
      .map((e) => ({ e, score: score.get(e.id) ?? 0 }))
      .sort((a, b) => b.score - a.score || a.e.startMs - b.e.startMs || cmp(a.e.key, b.e.key));
    if (anchoredRanked.length > 0) {
      const rest = best ? hits.filter((h) => !asked.has(h.e.utteranceId) && h.score >= best.score * RELATIVE_CUTOFF) : [];
      const linked = [...anchoredRanked.slice(0, ANCHORED_K), ...rest].slice(0, TOP_K).map((h) => h.e);
      // A question the guide asked and the participant answered is never "not addressed".
      const status = anchoredRanked.length >= 2 || anchoredRanked[0]!.score > 0 ? 'answered' : 'partially_answered';
      return {
        questionId: q.id, status, answer: linked.slice(0, 2).map((e) => e.verbatim).join(' … '),
        confidence: ANCHORED_CONFIDENCE, evidenceIds: linked.map((e) => e.id),
      };
    }
    if (!best || best.score <= 0) return notAddressed(q.id);
    const linked = hits.filter((h) => h.score >= best.score * RELATIVE_CUTOFF).slice(0, TOP_K);
    // Coverage weighted by rarity: a question is addressed when its distinctive words are, not
    // just "feel" or "use".
    const weight = (t: string) => Math.log(1 + (docs.length - df(t) + 0.5) / (df(t) + 0.5));
    const total = terms.reduce((a, t) => a + weight(t), 0);
    const seen = new Set(linked.slice(0, 3).flatMap((h) => [...bodies.get(h.e.id)!]));
    const covered = terms.filter((t) => seen.has(t)).reduce((a, t) => a + weight(t), 0) / total;
    return fromRanked(q.id, linked.map((h) => h.e), covered);
  });
}

/** Status from how much of the question (rarity-weighted) the best units and their prompts cover. */
export function fromRanked(questionId: string, linked: StoredEvidence[], coverage: number): AnswerProposal {
  if (linked.length === 0 || coverage < 0.2) return notAddressed(questionId);
  const status = coverage >= 0.5 && linked.length >= 2 ? 'answered' : 'partially_answered';
  return {
    questionId,
    status,
    answer: linked.slice(0, 2).map((e) => e.verbatim).join(' … '),
    confidence: Math.round(Math.min(0.95, 0.3 + coverage * 0.6) * 100) / 100,
    evidenceIds: linked.map((e) => e.id),
  };
}

export function notAddressed(questionId: string): AnswerProposal {
  return { questionId, status: 'not_addressed', answer: '', confidence: 0.5, evidenceIds: [] };
}

/**
 * For each participant utterance: the lemmas of the interviewer's question just before it, only
 * its question sentences (the reflection before them mostly repeats the previous answer, and
 * the question before that pulled in the previous topic: measured on creatives).
 */
export function promptsByUtterance(utterances: Utterance[]): Map<string, string> {
  const out = new Map<string, string>();
  let prompt = '';
  for (const u of [...utterances].sort((a, b) => a.index - b.index)) {
    if (u.role === 'interviewer') prompt = lemmaText(questionPart(u.text));
    else out.set(u.id, prompt);
  }
  return out;
}

/** Requests phrased as instructions ("Walk me through...", "Tell me about...") are questions too. */
const REQUEST = /^(?:walk|tell|describe|share|talk|think|imagine|take|give|help|explain|let's|let us|i'd love|i would love|i'm curious|i am curious|i'd like|i would like)\b/i;

function questionPart(text: string): string {
  const s = sentences(text);
  const asks = s.filter((x) => x.text.includes('?') || REQUEST.test(x.text.trim()));
  if (asks.length > 0) return asks.map((x) => x.text).join(' ');
  return s.at(-1)?.text ?? text;
}

/** Words of any question that say nothing about its topic. */
const GENERIC_ASK = new Set(['feel', 'think', 'do', 'use', 'work', 'get', 'make', 'way', 'thing', 'what', 'how', 'why', 'kind', 'describe', 'tell', 'like', 'would', 'want', 'go', 'have', 'be', 'say', 'talk']);

/** Anchored units linked before search results. */
const ANCHORED_K = 4;
/** Share of anchored answers judged relevant (P@5) on the creatives tuning labels: the calibrated confidence. */
const ANCHORED_CONFIDENCE = 0.7;
/** An interviewer turn asks a research question when its question part is this close in meaning. */
const ASK_SIMILARITY = 0.6;
/** ...or within this margin of the closest turn (when that one is close enough). */
const ASK_MARGIN = 0.06;

interface GuideTurn { vector: Float32Array; lemmas: Set<string>; answers: string[] }

/** Interviewer turns (their question part, embedded) and the participant utterances answering each. */
function guideTurns(utterances: Utterance[]): GuideTurn[] {
  const out: GuideTurn[] = [];
  let cur: GuideTurn | null = null;
  for (const u of [...utterances].sort((a, b) => a.index - b.index)) {
    if (u.role === 'interviewer') {
      const asked = questionPart(u.text);
      const v = embedTokens(tokens(asked).filter((t) => !META.has(t.lemma)));
      cur = v ? { vector: v, lemmas: new Set(lemmaText(asked).split(' ')), answers: [] } : null;
      if (cur) out.push(cur);
    } else if (cur) cur.answers.push(u.id);
  }
  return out;
}

/** Participant utterance ids that answer the interviewer turns asking this research question. */
function answersToGuide(question: string, guide: GuideTurn[]): Set<string> {
  const qv = embedTokens(tokens(question).filter((t) => !META.has(t.lemma)));
  if (!qv || guide.length === 0) return new Set();
  // Close in meaning AND sharing a topic word: "how do you feel about X" is not every question
  // that starts "how do they feel".
  const topicWords = lemmaText(question).split(' ').filter((w) => w && !GENERIC_ASK.has(w));
  const sims = guide.map((g) => (topicWords.some((w) => g.lemmas.has(w)) ? cosine(qv, g.vector) : 0));
  const best = Math.max(...sims);
  if (best < ASK_SIMILARITY) return new Set();
  return new Set(guide.flatMap((g, i) => (sims[i]! >= best - ASK_MARGIN ? g.answers : [])));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
