import { createHash } from 'node:crypto';
import { anchorEvidence } from '../../src/verbatim-guard/verbatim.js';
import { normalize } from '../../src/verbatim-guard/normalize.js';
import type {
  AnswerProposal, ExistingPersona, ExistingTheme, Person, PersonaProposal, Question, StoredEvidence,
} from '../../src/domain/analysis.js';
import type { Analyzer, AnalyzerContext } from '../../src/ports/analyzer.js';
import type { Interview } from './dataset.js';
import type { SynthesisInput, SynthesisOutput } from '../../src/domain/synthesis.js';
import type { ThemeProposal } from '../../src/domain/analysis.js';

/**
 * Simulates the pipeline for one project, interview after interview, the way the step processors
 * and SQL commit functions do it: evidence through the verbatim guard, themes unique per project by
 * normalised name (like themes.name_key), personas likewise, existing themes/personas and the
 * project's evidence handed to later interviews. Records per-interview CPU time of the analysis.
 */

export interface InterviewOutput {
  interviewId: string;
  evidence: (StoredEvidence & { utteranceIdx: number })[];
  repaired: number;
  dropped: number;
  answers: AnswerProposal[];
  personas: PersonaProposal[];
  cpuMs: number;
}

export interface ProjectTheme extends ExistingTheme {
  /** evidence ids linked by any interview, with the interview they came from */
  links: { evidenceId: string; interviewId: string; confidence: number }[];
}

export interface ProjectOutput {
  interviews: InterviewOutput[];
  themes: ProjectTheme[];
  personas: ExistingPersona[];
  questions: Question[];
  /** The study-level synthesis over all interviews (when the analyzer has one). */
  synthesis?: SynthesisOutput | undefined;
  /** Per interview: its own theme proposals (the codes synthesis merges). */
  codes?: Map<string, ThemeProposal[]>;
}

export function stableUuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const nameKey = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export async function runProject(
  analyzer: Analyzer,
  interviews: Interview[],
  questionTexts: { id: string; text: string }[],
  projectId = 'project',
): Promise<ProjectOutput> {
  const ctx: AnalyzerContext = { signal: new AbortController().signal, recordUsage() {}, async progress() {} };
  const questions: Question[] = questionTexts.map((q) => ({ id: stableUuid(projectId, 'q', q.id), text: q.text }));
  const themes = new Map<string, ProjectTheme>();
  const personas = new Map<string, ExistingPersona>();
  const projectEvidence: StoredEvidence[] = [];
  const outputs: InterviewOutput[] = [];
  const codes = new Map<string, ThemeProposal[]>();

  for (const iv of interviews) {
    const people: Person[] = [...new Set(iv.utterances.map((u) => u.speaker))].map((speaker) => ({
      id: stableUuid(projectId, iv.id, 'person', speaker),
      name: speaker,
      speaker,
      role: iv.utterances.find((u) => u.speaker === speaker)!.role,
    }));
    const personBySpeaker = new Map(people.map((p) => [p.speaker, p.id]));
    const cpu0 = process.cpuUsage();

    const proposed = await analyzer.extractEvidence({ interviewId: iv.id, projectId, utterances: iv.utterances }, ctx);
    const anchored = anchorEvidence(iv.id, proposed, iv.utterances);
    const evidence = anchored.units.map((u) => ({
      ...u, id: stableUuid(projectId, iv.id, 'evidence', u.key), personId: personBySpeaker.get(u.speaker) ?? null,
    }));
    const stored: StoredEvidence[] = evidence.map(({ utteranceIdx: _i, ...rest }) => rest);
    projectEvidence.push(...stored);

    // As the pipeline's steps do: each interview's insights and personas read that interview alone.
    const existingThemes: ExistingTheme[] = [];
    const themeProposals = await analyzer.generateInsights({ interviewId: iv.id, projectId, evidence: stored, existingThemes }, ctx);
    const personaProposals = await analyzer.assignPersonas({
      interviewId: iv.id, projectId, people, evidence: stored, existingPersonas: [...personas.values()],
    }, ctx);
    const answers = await analyzer.attributeAnswers({ interviewId: iv.id, projectId, questions, evidence: stored, utterances: iv.utterances }, ctx);
    const cpu = process.cpuUsage(cpu0);
    codes.set(iv.id, themeProposals);

    // What commit_insights does: upsert by name key, link only this interview's evidence.
    const ownIds = new Set(stored.map((e) => e.id));
    for (const t of themeProposals) {
      const key = nameKey(t.name);
      let theme = themes.get(key);
      if (!theme) {
        theme = { id: stableUuid(projectId, 'theme', key), name: t.name, statement: t.statement, inclusionCriteria: t.inclusionCriteria, links: [] };
        themes.set(key, theme);
      }
      for (const l of t.evidence) {
        if (ownIds.has(l.evidenceId) && !theme.links.some((x) => x.evidenceId === l.evidenceId)) {
          theme.links.push({ evidenceId: l.evidenceId, interviewId: iv.id, confidence: l.confidence });
        }
      }
    }
    for (const p of personaProposals) {
      const key = nameKey(p.name);
      personas.set(key, { id: personas.get(key)?.id ?? stableUuid(projectId, 'persona', key), name: p.name, description: p.description });
    }
    outputs.push({
      interviewId: iv.id, evidence, repaired: anchored.repaired, dropped: anchored.dropped, answers,
      personas: personaProposals, cpuMs: (cpu.user + cpu.system) / 1000,
    });
  }
  const out: ProjectOutput = { interviews: outputs, themes: [...themes.values()], personas: [...personas.values()], questions, codes };
  if (analyzer.synthesize) out.synthesis = await analyzer.synthesize(synthesisInput(projectId, interviews, out), ctx);
  return out;
}

/** What the synthesize step reads from the store, built from the simulated project. */
export function synthesisInput(projectId: string, interviews: Interview[], out: ProjectOutput): SynthesisInput {
  const ivUuid = (id: string) => stableUuid(projectId, 'interview', id);
  const participants = new Map<string, SynthesisInput['participants'][number]>();
  const evidence: SynthesisInput['evidence'] = [];
  const byId = new Map(interviews.map((iv) => [iv.id, iv]));
  for (const o of out.interviews) {
    const utterances = byId.get(o.interviewId)?.utterances ?? [];
    for (const e of o.evidence) {
      if (!e.personId) continue;
      const p = participants.get(e.personId) ?? { personId: e.personId, interviewId: ivUuid(o.interviewId), key: `${o.interviewId}/${e.speaker}`, name: e.speaker, evidenceCount: 0, facetCounts: {} };
      p.evidenceCount++;
      for (const f of new Set(e.facets.map((x) => x.kind))) p.facetCounts[f] = (p.facetCounts[f] ?? 0) + 1;
      participants.set(e.personId, p);
      evidence.push({ id: e.id, interviewId: ivUuid(o.interviewId), personId: e.personId, key: e.key, verbatim: e.verbatim, gist: e.gist, confidence: e.confidence, facets: e.facets, question: questionBefore(utterances, e.utteranceIdx) });
    }
  }
  return {
    projectId: stableUuid(projectId, 'project'),
    questions: out.questions.map((q, i) => ({ id: q.id, text: q.text, position: i })),
    interviews: interviews.map((iv) => ({ id: ivUuid(iv.id), key: iv.id, title: iv.id })),
    participants: [...participants.values()],
    evidence,
    codes: [...(out.codes ?? new Map<string, ThemeProposal[]>()).entries()].flatMap(([ivId, ts]) => ts.map((t) => ({ interviewId: ivUuid(ivId), name: t.name, statement: t.statement, evidenceIds: t.evidence.map((l) => l.evidenceId) }))),
    answers: out.interviews.flatMap((o) => o.answers.map((a) => ({
      id: stableUuid(projectId, o.interviewId, 'answer', a.questionId), interviewId: ivUuid(o.interviewId), questionId: a.questionId,
      status: a.status, answer: a.answer, confidence: a.confidence, evidenceIds: a.evidenceIds,
    }))),
    customInstructions: null,
  };
}

/**
 * The interviewer's turn before a unit's utterance, its first 300 characters, or '' (what
 * load_synthesis_input gives each unit as `question`).
 */
export function questionBefore(utterances: readonly Interview['utterances'][number][], utteranceIdx: number): string {
  let before: Interview['utterances'][number] | undefined;
  for (const u of utterances) if (u.index < utteranceIdx && u.role === 'interviewer' && (!before || u.index > before.index)) before = u;
  return before ? [...before.text].slice(0, 300).join('') : '';
}

export { normalize };
