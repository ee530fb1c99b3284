import type { ProjectReport, ReportEvidence } from '../domain/report.js';
import type { ProjectSynthesisView, QuoteView } from '../ports/synthesis-store.js';
import type { PersonaModel, QuestionModel, Quote, ReportLinks, ReportModel, ThemeModel } from './model.js';

export interface ProjectModelOptions {
  links: ReportLinks;
  /** Quotes shown per theme (the rest stay in the API). Default 12. */
  quotesPerTheme?: number;
  /** Quotes shown per answer part. Default 4. */
  quotesPerAnswer?: number;
  /** Clock for "generated at" (tests). Default: now. */
  now?: Date;
}

const STATUS_WORDS: Record<string, string> = {
  answered: 'answered',
  partially_answered: 'partially answered',
  not_addressed: 'not addressed',
  planned: 'not analysed yet',
};

const STUDY_STATUS_WORDS: Record<string, string> = {
  answered: 'answered',
  partially_answered: 'partially answered',
  not_enough_evidence: 'not enough evidence',
};

/**
 * Builds the report from a project's results: each research question with its study-level
 * answer from the latest committed synthesis (each sentence with the quotes it cites), or, for a
 * question no synthesis has answered yet, how many interviews answered it and each interview's
 * answer; themes by prevalence and personas with their members' quotes (the synthesis' study-level
 * themes and personas once one has committed, else the per-interview ones merged by name).
 */
export function projectModel(p: ProjectReport, opts: ProjectModelOptions, synthesis: ProjectSynthesisView | null = null): ReportModel {
  const perTheme = opts.quotesPerTheme ?? 12;
  const perAnswer = opts.quotesPerAnswer ?? 4;
  const interviews = new Map(p.interviews.map((i, n) => [i.id, { ...i, label: i.title || `Interview ${n + 1}` }]));
  const evidence = new Map(p.evidence.map((e) => [e.id, e]));
  const quote = (e: ReportEvidence): Quote => {
    const iv = interviews.get(e.interviewId);
    return {
      evidenceId: e.id,
      verbatim: e.verbatim,
      speaker: e.personName || e.speaker,
      interviewId: e.interviewId,
      interviewTitle: iv?.label ?? 'Interview',
      startMs: e.startMs,
      endMs: e.endMs,
      mediaHref: iv?.hasMedia ? opts.links.media(e.interviewId) : null,
      interviewHref: opts.links.interview(e.interviewId),
    };
  };
  const quotes = (ids: string[], max: number): Quote[] =>
    ids.map((id) => evidence.get(id)).filter((e): e is ReportEvidence => !!e).slice(0, max).map(quote);

  // a cited quote the per-interview evidence list lacks is shown from the synthesis' own citation
  const cited = (c: QuoteView): Quote => quote({
    id: c.evidenceId, interviewId: c.interviewId, personId: null, speaker: c.speaker, personName: null,
    verbatim: c.verbatim, gist: '', startMs: c.startMs, endMs: c.endMs, confidence: 0,
  });
  const studyAnswers = new Map((synthesis?.committedRun ? synthesis.answers : []).map((a) => [a.questionId, a]));

  const questions: QuestionModel[] = p.questions.map((q) => {
    const study = studyAnswers.get(q.id);
    if (study) {
      const citations = new Map(study.citations.map((c) => [c.evidenceId, c]));
      const quoteOf = (id: string): Quote | null => {
        const e = evidence.get(id);
        if (e) return quote(e);
        const c = citations.get(id);
        return c ? cited(c) : null;
      };
      const sentenceQuotes = (ids: string[]) => ids.map(quoteOf).filter((x): x is Quote => !!x).slice(0, perAnswer);
      const parts = study.sentences.length
        ? study.sentences.map((st) => ({ label: null, status: null, text: st.text, quotes: sentenceQuotes(st.evidenceIds) }))
        : [{ label: null, status: null, text: '', quotes: sentenceQuotes(study.citations.map((c) => c.evidenceId)) }];
      return {
        id: q.id, text: q.text, basis: 'synthesis' as const,
        status: STUDY_STATUS_WORDS[study.status] ?? study.status,
        summary: study.summary,
        coverage: `${study.participantsSupporting} of ${study.participantsTotal} participants · ${study.interviewsAddressed} of ${study.interviewsTotal} interviews`,
        parts,
      };
    }
    const counts = new Map<string, number>();
    for (const a of q.answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
    const answered = counts.get('answered') ?? 0;
    const partly = counts.get('partially_answered') ?? 0;
    const summary = q.answers.length === 0
      ? 'No interview has been analysed for this question yet.'
      : `Answered in ${answered} of ${q.answers.length} interview${q.answers.length === 1 ? '' : 's'}`
        + (partly ? `, partially in ${partly}` : '') + '.';
    const order = { answered: 0, partially_answered: 1, not_addressed: 2, planned: 3 } as Record<string, number>;
    const parts = [...q.answers]
      .sort((a, b) => (order[a.status] ?? 9) - (order[b.status] ?? 9) || (b.confidence ?? 0) - (a.confidence ?? 0))
      .map((a) => ({
        label: interviews.get(a.interviewId)?.label ?? 'Interview',
        status: STATUS_WORDS[a.status] ?? a.status,
        text: a.answer ?? '',
        quotes: quotes(a.evidenceIds, perAnswer),
      }));
    return { id: q.id, text: q.text, basis: 'per-interview' as const, status: null, summary, coverage: null, parts };
  });

  // the study-level themes once a synthesis has committed: its quote first, then its supporting evidence
  const studyThemes: ThemeModel[] | null = synthesis?.committedRun && synthesis.themes.length > 0
    ? synthesis.themes.map((t) => {
      const supporting = t.evidence.filter((e) => e.role === 'supporting' && e.evidenceId !== t.quote?.evidenceId).map((e) => e.evidenceId);
      const head = t.quote ? [evidence.get(t.quote.evidenceId) ? quote(evidence.get(t.quote.evidenceId)!) : cited(t.quote)] : [];
      return {
        id: t.id, name: t.name, statement: t.statement, interviews: t.interviews, participants: t.participants,
        quotes: [...head, ...quotes(supporting, perTheme - head.length)],
      };
    })
    : null;
  const themes: ThemeModel[] = studyThemes ?? p.themes.map((t) => ({
    id: t.id, name: t.name, statement: t.statement,
    interviews: t.interviewCount, participants: t.participantCount,
    quotes: quotes(t.evidenceIds, perTheme),
  }));

  // the study-level personas (clustered across participants) once a synthesis has committed
  const point = (pt: { text: string; evidenceId: string }) => {
    const e = evidence.get(pt.evidenceId);
    return { text: pt.text, quote: e ? quote(e) : null };
  };
  const studyPersonas: PersonaModel[] | null = synthesis?.committedRun && synthesis.personas.length > 0
    ? synthesis.personas.map((ps) => ({
      id: ps.id, name: ps.name, description: ps.description,
      goals: ps.goals.map(point), pains: ps.pains.map(point),
      members: ps.members.map((m) => ({
        name: m.name, reason: m.reason,
        interviewTitle: interviews.get(m.interviewId)?.label ?? 'Interview',
        interviewHref: opts.links.interview(m.interviewId),
        quotes: quotes(m.evidenceIds, 3),
      })),
    }))
    : null;
  const personas: PersonaModel[] = studyPersonas ?? p.personas.filter((ps) => ps.members.length > 0).map((ps) => {
    const memberEvidence = ps.members.flatMap((m) => m.evidenceIds.map((id) => evidence.get(id)).filter((e): e is ReportEvidence => !!e));
    // a goal or pain is shown as the member quote it came from when one contains it
    const point = (text: string) => {
      // a clipped point ("…") is found by what it keeps
      const needle = text.toLowerCase().replace(/\s+/g, ' ').replace(/…$/, '').trim();
      const found = memberEvidence.find((e) => e.verbatim.toLowerCase().replace(/\s+/g, ' ').includes(needle));
      return { text, quote: found ? quote(found) : null };
    };
    return {
      id: ps.id, name: ps.name, description: ps.description,
      goals: ps.goals.map(point), pains: ps.pains.map(point),
      members: ps.members.map((m) => ({
        name: m.name,
        interviewTitle: interviews.get(m.interviewId)?.label ?? 'Interview',
        interviewHref: opts.links.interview(m.interviewId),
        quotes: quotes(m.evidenceIds, 3),
      })),
    };
  });

  return {
    projectId: p.id,
    title: p.name,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    basis: studyAnswers.size > 0 ? 'synthesis' : 'per-interview',
    interviewCount: p.interviews.length,
    participantCount: p.interviews.reduce((n, i) => n + i.participants.length, 0),
    questions,
    themes,
    personas,
    interviews: [...interviews.values()].map((i) => ({
      id: i.id, title: i.label, status: i.status, durationMs: i.durationMs,
      participants: i.participants, href: opts.links.interview(i.id), hasMedia: i.hasMedia,
    })),
  };
}
