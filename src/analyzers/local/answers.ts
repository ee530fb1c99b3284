import type { AnswerProposal, StoredEvidence } from '../../domain/analysis.js';
import type { AnswersRequest } from '../../ports/analyzer.js';
import type { Utterance } from '../../domain/transcript.js';
import { tokens } from './nlp.js';

/**
 * Phase-1 answers: overlap between a question's content lemmas and each evidence unit (plus,
 * at half weight, the interviewer prompt the unit answers). Top units become the extractive answer.
 */
const TOP_K = 5;

function lemmaSet(text: string): Set<string> {
  return new Set(tokens(text).filter((t) => t.type === 'word' && !t.stop && t.lemma.length > 2).map((t) => t.lemma));
}

export function answersFor(req: AnswersRequest): AnswerProposal[] {
  const prompts = promptsByUtterance(req.utterances);
  const evLemmas = req.evidence.map((e) => ({ e, own: lemmaSet(e.verbatim), ctx: prompts.get(e.utteranceId) ?? new Set<string>() }));
  return req.questions.map((q) => {
    const ql = lemmaSet(q.text);
    if (ql.size === 0) return notAddressed(q.id);
    const scored = evLemmas
      .map(({ e, own, ctx }) => {
        let s = 0;
        for (const w of ql) s += (own.has(w) ? 1 : 0) + (ctx.has(w) ? 0.5 : 0);
        return { e, s: s / ql.size };
      })
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s || a.e.startMs - b.e.startMs || cmp(a.e.key, b.e.key))
      .slice(0, TOP_K);
    return fromScored(q.id, scored);
  });
}

export function fromScored(questionId: string, scored: { e: StoredEvidence; s: number }[]): AnswerProposal {
  const best = scored[0]?.s ?? 0;
  if (scored.length === 0 || best < 0.2) return notAddressed(questionId);
  const status = best >= 0.5 && scored.length >= 2 ? 'answered' : 'partially_answered';
  return {
    questionId,
    status,
    answer: scored.slice(0, 2).map((x) => x.e.verbatim).join(' … '),
    confidence: Math.round(Math.min(0.95, 0.3 + best * 0.6) * 100) / 100,
    evidenceIds: scored.map((x) => x.e.id),
  };
}

export function notAddressed(questionId: string): AnswerProposal {
  return { questionId, status: 'not_addressed', answer: '', confidence: 0.5, evidenceIds: [] };
}

/** For each participant utterance, the content lemmas of the interviewer turn just before it. */
export function promptsByUtterance(utterances: Utterance[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let last = new Set<string>();
  for (const u of [...utterances].sort((a, b) => a.index - b.index)) {
    if (u.role === 'interviewer') last = lemmaSet(u.text);
    else out.set(u.id, last);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
