import { z } from 'zod';
import { ReportEvidence, ReportPersona, ReportTheme, type ProjectReport } from '../domain/report.js';
import type { ProjectSynthesisView, QuoteView } from '../ports/synthesis-store.js';

/**
 * GET /v1/projects/:id/themes and /personas: the per-interview themes and personas merged by
 * name (`data`, as before) and, new, the study-level ones of the latest committed synthesis
 * (`study`, empty before the first synthesis) with `synthesis` naming that run.
 */

/** The synthesis run a study-level view comes from (null before the first commit). */
export const SynthesisRunRef = z.object({ runId: z.guid(), generation: z.number().int().positive(), finishedAt: z.string().nullable() }).nullable();

const quotesOf = <T extends z.ZodObject>(s: T) => s.omit({ evidenceIds: true } as never).extend({ quotes: z.array(ReportEvidence) });

export const StudyTheme = z.object({
  id: z.guid(),
  name: z.string(),
  statement: z.string(),
  interviews: z.number().int().nonnegative().describe('distinct interviews whose supporting evidence it holds'),
  participants: z.number().int().nonnegative().describe('distinct participants whose supporting evidence it holds'),
  quote: ReportEvidence.nullable().describe('one quote that stands for the theme'),
  evidenceIds: z.array(z.guid()).describe('supporting evidence'),
  quotes: z.array(ReportEvidence).describe('the supporting evidence resolved, in order'),
  counterEvidenceIds: z.array(z.guid()).describe('evidence that speaks against the theme'),
  counterQuotes: z.array(ReportEvidence),
  codes: z.array(z.string()).describe('the per-interview code names merged into it'),
});

export const ProjectThemesResponse = z.object({
  data: z.array(quotesOf(ReportTheme)).describe('per-interview themes merged by name (unchanged)'),
  study: z.array(StudyTheme).describe('the study-level themes of the latest committed synthesis, by prevalence; empty before the first synthesis'),
  synthesis: SynthesisRunRef,
});
export type ProjectThemesResponse = z.infer<typeof ProjectThemesResponse>;

const StudyPersonaQuote = z.object({ text: z.string(), evidenceId: z.guid(), quote: ReportEvidence.nullable() });

export const StudyPersona = z.object({
  id: z.guid(),
  name: z.string(),
  description: z.string(),
  goals: z.array(StudyPersonaQuote),
  pains: z.array(StudyPersonaQuote),
  members: z.array(z.object({
    personId: z.guid(),
    name: z.string(),
    interviewId: z.guid(),
    reason: z.string().describe('why this participant belongs to the persona'),
    evidenceIds: z.array(z.guid()),
    quotes: z.array(ReportEvidence),
  })),
});

const InterviewPersona = ReportPersona.extend({ members: z.array(quotesOf(ReportPersona.shape.members.element)) });

export const ProjectPersonasResponse = z.object({
  data: z.array(InterviewPersona).describe('per-interview personas merged by name (unchanged)'),
  study: z.array(StudyPersona).describe('the study-level personas of the latest committed synthesis; empty before the first synthesis'),
  synthesis: SynthesisRunRef,
});
export type ProjectPersonasResponse = z.infer<typeof ProjectPersonasResponse>;

/** The project's evidence by id: built once per request, shared by every resolver of it. */
export function evidenceById(report: ProjectReport): Map<string, ReportEvidence> {
  return new Map(report.evidence.map((e) => [e.id, e]));
}

/** Resolves evidence ids to the project's quotes; one the project lacks comes from a known citation (no person, gist or confidence) or is left out. */
export function resolver(evidence: Map<string, ReportEvidence>, citations: Iterable<QuoteView>) {
  const cited = new Map([...citations].map((c) => [c.evidenceId, c]));
  const one = (id: string): ReportEvidence | null => {
    const e = evidence.get(id);
    if (e) return e;
    const c = cited.get(id);
    return c ? { id: c.evidenceId, interviewId: c.interviewId, personId: null, speaker: c.speaker, personName: null, verbatim: c.verbatim, gist: '', startMs: c.startMs, endMs: c.endMs, confidence: 0 } : null;
  };
  return { one, many: (ids: string[]) => ids.map(one).filter((e) => e !== null) };
}

export function runRef(synthesis: ProjectSynthesisView | null): z.infer<typeof SynthesisRunRef> {
  const run = synthesis?.committedRun ?? null;
  return run ? { runId: run.id, generation: run.generation, finishedAt: run.finishedAt } : null;
}

export function projectThemes(report: ProjectReport, synthesis: ProjectSynthesisView | null): ProjectThemesResponse {
  const evidence = evidenceById(report);
  const quotes = resolver(evidence, []).many;
  const data = report.themes.map(({ evidenceIds, ...t }) => ({ ...t, quotes: quotes(evidenceIds) }));
  const run = runRef(synthesis);
  if (!run || !synthesis) return { data, study: [], synthesis: null };
  const study = synthesis.themes.map((t) => {
    const r = resolver(evidence, t.quote ? [t.quote] : []);
    const ids = (role: 'supporting' | 'counter') => t.evidence.filter((e) => e.role === role).map((e) => e.evidenceId);
    return {
      id: t.id, name: t.name, statement: t.statement, interviews: t.interviews, participants: t.participants,
      quote: t.quote ? r.one(t.quote.evidenceId) : null,
      evidenceIds: ids('supporting'), quotes: r.many(ids('supporting')),
      counterEvidenceIds: ids('counter'), counterQuotes: r.many(ids('counter')),
      codes: t.codes,
    };
  });
  return { data, study, synthesis: run };
}

export function projectPersonas(report: ProjectReport, synthesis: ProjectSynthesisView | null): ProjectPersonasResponse {
  const r = resolver(evidenceById(report), []);
  const data = report.personas.map((ps) => ({ ...ps, members: ps.members.map(({ evidenceIds, ...m }) => ({ ...m, quotes: r.many(evidenceIds) })) }));
  const run = runRef(synthesis);
  if (!run || !synthesis) return { data, study: [], synthesis: null };
  const quoted = (q: { text: string; evidenceId: string }) => ({ text: q.text, evidenceId: q.evidenceId, quote: r.one(q.evidenceId) });
  const study = synthesis.personas.map((p) => ({
    id: p.id, name: p.name, description: p.description,
    goals: p.goals.map(quoted), pains: p.pains.map(quoted),
    members: p.members.map((m) => ({ ...m, quotes: r.many(m.evidenceIds) })),
  }));
  return { data, study, synthesis: run };
}
