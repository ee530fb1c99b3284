import type { AnswerSentence, StudyAnswer, SynthesisEvidence } from '../../../domain/synthesis.js';
import { cmp, push, type Canon } from './canon.js';
import { representative, type BuiltTheme } from './themes.js';
import { capitalise, wholeQuote } from './text.js';
import { answering, questionStance } from '../answer-stance.js';

export interface AnswerOptions {
  /**
   * Fewer supporting participants than max(minParticipants, minShare x participants) is "not
   * enough evidence". Defaults 2 and 0.1 (3 of 30, 13 of 125).
   */
  minParticipants?: number;
  minShare?: number;
  /** Sentences per answer (one per recurring theme, then one for the rest). Default 5. */
  maxSentences?: number;
  /** Evidence ids cited per sentence. Default 5. */
  maxCitations?: number;
}

/**
 * Study-level answers. Each question's answer rests on the per-interview answers that addressed
 * it; their cited evidence is grouped by the project theme that holds it, and every sentence
 * names a theme (or "other answers"), quotes one unit, cites its evidence and says how many
 * participants it stands for. Thin evidence is said plainly instead of answered vaguely.
 */
export function buildAnswers(c: Canon, themes: BuiltTheme[], opts: AnswerOptions = {}): StudyAnswer[] {
  const total = c.participants.length;
  const threshold = Math.max(opts.minParticipants ?? 2, Math.ceil((opts.minShare ?? 0.1) * total));
  const themeOf = new Map<string, BuiltTheme>(); // evidence id -> its most prevalent theme
  for (const t of themes) for (const id of t.supporting) if (!themeOf.has(id)) themeOf.set(id, t);
  const byQuestion = new Map<string, typeof c.answers>();
  for (const a of c.answers) push(byQuestion, a.questionId, a);

  return c.questions.map((q) => {
    // each sentence quotes a unit that says what the question asks for (a concern for "what concerns")
    const stance = questionStance(q.text);
    const quoteOf = (evs: SynthesisEvidence[]) => representative(answering(evs, stance), c.words);
    const resting = (byQuestion.get(q.id) ?? [])
      .filter((a) => (a.status === 'answered' || a.status === 'partially_answered') && a.evidenceIds.length > 0);
    const units = [...new Set(resting.flatMap((a) => a.evidenceIds))].map((id) => c.evidenceById.get(id)!)
      .sort((a, b) => cmp(a.key, b.key));
    const supporters = new Set(units.map((e) => e.personId)).size;
    const addressed = new Set(resting.map((a) => a.interviewId)).size;
    const base = {
      questionId: q.id,
      participantsSupporting: supporters,
      participantsTotal: total,
      interviewsAddressed: addressed,
      interviewsTotal: c.interviews.length,
      interviewAnswerIds: resting.map((a) => a.id),
    };
    if (supporters < threshold) {
      const quote = quoteOf(units);
      return {
        ...base,
        status: 'not_enough_evidence' as const,
        summary: `not enough evidence: ${supporters} of ${total} participants spoke to this`,
        sentences: quote ? [sentence(`Only ${count(supporters, total)} spoke to this`, quote, units, total, opts)] : [],
      };
    }
    const groups = new Map<BuiltTheme | null, SynthesisEvidence[]>();
    for (const e of units) push(groups, themeOf.get(e.id) ?? null, e);
    const ranked = [...groups.entries()]
      .map(([theme, evs]) => ({ theme, evs, people: new Set(evs.map((e) => e.personId)).size }))
      .sort((a, b) => (a.theme === null ? 1 : 0) - (b.theme === null ? 1 : 0)
        || b.people - a.people || cmp(a.theme?.name ?? '', b.theme?.name ?? ''));
    const max = opts.maxSentences ?? 5;
    const themed = ranked.filter((g) => g.theme && g.people >= 2).slice(0, max - 1);
    const rest = ranked.filter((g) => !themed.includes(g)).flatMap((g) => g.evs).sort((a, b) => cmp(a.key, b.key));
    const sentences: AnswerSentence[] = themed.map((g) =>
      sentence(`${capitalise(count(g.people, total))}: ${g.theme!.name.toLowerCase()}`, quoteOf(g.evs)!, g.evs, total, opts));
    const restQuote = quoteOf(rest);
    if (restQuote) {
      const people = new Set(rest.map((e) => e.personId)).size;
      sentences.push(sentence(`${capitalise(count(people, total))} ${themed.length ? 'also said other things' : 'answered'}, for example`, restQuote, rest, total, opts));
    }
    const status = addressed * 2 >= c.interviews.length ? 'answered' as const : 'partially_answered' as const;
    const lead = themed.slice(0, 3).map((g) => g.theme!.name.toLowerCase());
    return {
      ...base,
      status,
      summary: `${count(supporters, total)} in ${addressed} of ${c.interviews.length} interviews answered this`
        + (lead.length ? `; most often: ${lead.join('; ')}` : ''),
      sentences,
    };
  });
}

/** One answer sentence: a claim, one whole quote, the cited ids (quote first) and the head count. */
function sentence(claim: string, quote: SynthesisEvidence, units: SynthesisEvidence[], _total: number, opts: AnswerOptions): AnswerSentence {
  const cited = [quote, ...byStrength(units.filter((e) => e.id !== quote.id))].slice(0, opts.maxCitations ?? 5);
  return {
    text: `${claim}: "${wholeQuote(quote.verbatim, 40)}"`,
    evidenceIds: cited.map((e) => e.id),
    participants: new Set(units.map((e) => e.personId)).size,
  };
}

/** One unit per participant first (breadth), then by confidence and key. */
function byStrength(units: SynthesisEvidence[]): SynthesisEvidence[] {
  const sorted = [...units].sort((a, b) => b.confidence - a.confidence || cmp(a.key, b.key));
  const seen = new Set<string>();
  const first = sorted.filter((e) => !seen.has(e.personId) && (seen.add(e.personId), true));
  const picked = new Set(first);
  return [...first, ...sorted.filter((e) => !picked.has(e))];
}

function count(n: number, total: number): string {
  return `${n} of ${total} participant${total === 1 ? '' : 's'}`;
}
