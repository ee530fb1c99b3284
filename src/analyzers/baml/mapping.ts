import {
  AnswerProposal, PersonaProposal, ProposedEvidence, ThemeProposal,
  type FacetKind, type Question, type StoredEvidence,
} from '../../domain/analysis.js';
import type { Utterance } from '../../domain/transcript.js';
import type * as baml from '../../baml_client/types.js';

/**
 * Translation between the domain schemas and the BAML classes. Everything the model returns is
 * checked against the ids it was given: unknown evidence, person and question ids are removed
 * (and counted), never guessed from positions.
 */

const clamp = (n: number | null | undefined, fallback = 0.5) =>
  typeof n === 'number' && Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : fallback;

export const toBamlFacetKind = (k: FacetKind) => k.toUpperCase() as baml.FacetKind;
export const fromBamlFacetKind = (k: baml.FacetKind) => k.toLowerCase() as FacetKind;

/** Characters of an interviewer question shown with a quote (a long preamble is cut at the end). */
const QUESTION_CHARS = 300;

/**
 * The interviewer's turn before each utterance (by utterance id), so a quote is read as the
 * answer it is: "yes, every week" means little without "do you use it for drafts?".
 */
export function precedingQuestions(utterances: Utterance[] = []): Map<string, string> {
  const out = new Map<string, string>();
  let last = '';
  for (const u of [...utterances].sort((a, b) => a.index - b.index)) {
    if (u.role === 'interviewer') last = u.text.length > QUESTION_CHARS ? `...${u.text.slice(-QUESTION_CHARS).trim()}` : u.text;
    else out.set(u.id, last);
  }
  return out;
}

export function evidenceRefs(evidence: StoredEvidence[], utterances: Utterance[] = []): baml.EvidenceRef[] {
  const questions = precedingQuestions(utterances);
  return evidence.map((e) => ({
    id: e.id,
    participantId: e.personId ?? 'unknown',
    question: questions.get(e.utteranceId) ?? '',
    speaker: e.speaker,
    verbatim: e.verbatim,
    gist: e.gist,
    facets: e.facets.map((f) => ({ kind: toBamlFacetKind(f.kind), value: f.value })),
  }));
}

export interface Dropped {
  /** Ids in the output that were never in the prompt. */
  unknownIds: number;
  /** Items removed because nothing valid was left (a theme without evidence...). */
  emptyItems: number;
}

export function fromEvidenceDrafts(drafts: baml.EvidenceDraft[]): { evidence: ProposedEvidence[]; invalid: number } {
  const evidence: ProposedEvidence[] = [];
  let invalid = 0;
  for (const d of drafts) {
    const parsed = ProposedEvidence.safeParse({
      utteranceId: d.utteranceId.trim(),
      verbatim: d.verbatim.trim(),
      gist: d.gist.trim() || d.verbatim.trim(),
      confidence: clamp(d.confidence),
      facets: d.facets.filter((f) => f.value.trim()).map((f) => ({ kind: fromBamlFacetKind(f.kind), value: f.value.trim() })),
    });
    if (parsed.success) evidence.push(parsed.data);
    else invalid += 1;
  }
  return { evidence, invalid };
}

export function fromThemeDrafts(drafts: baml.ThemeDraft[], evidenceIds: Set<string>): { themes: ThemeProposal[]; dropped: Dropped } {
  const dropped: Dropped = { unknownIds: 0, emptyItems: 0 };
  const themes: ThemeProposal[] = [];
  for (const d of drafts) {
    const links = new Map<string, number>();
    for (const l of d.evidence) {
      const id = l.evidenceId.trim();
      if (!evidenceIds.has(id)) { dropped.unknownIds += 1; continue; }
      links.set(id, Math.max(links.get(id) ?? 0, clamp(l.confidence)));
    }
    const parsed = ThemeProposal.safeParse({
      name: d.name.trim(),
      statement: d.statement.trim(),
      inclusionCriteria: d.inclusionCriteria?.trim() ?? '',
      evidence: [...links].map(([evidenceId, confidence]) => ({ evidenceId, confidence })),
    });
    if (parsed.success) themes.push(parsed.data);
    else dropped.emptyItems += 1;
  }
  return { themes, dropped };
}

export function fromPersonaDrafts(
  drafts: baml.PersonaDraft[], personIds: Set<string>, evidenceIds: Set<string>,
): { personas: PersonaProposal[]; dropped: Dropped } {
  const dropped: Dropped = { unknownIds: 0, emptyItems: 0 };
  const personas: PersonaProposal[] = [];
  for (const d of drafts) {
    const assignments = [];
    for (const a of d.assignments) {
      const personId = a.personId.trim();
      if (!personIds.has(personId)) { dropped.unknownIds += 1; continue; }
      const ids = [...new Set(a.evidenceIds.map((id) => id.trim()))];
      const known = ids.filter((id) => evidenceIds.has(id));
      dropped.unknownIds += ids.length - known.length;
      assignments.push({ personId, confidence: clamp(a.confidence), evidenceIds: known });
    }
    const parsed = PersonaProposal.safeParse({
      name: d.name.trim(), description: d.description.trim(),
      goals: d.goals.map((g) => g.trim()).filter(Boolean),
      pains: d.pains.map((p) => p.trim()).filter(Boolean),
      assignments,
    });
    if (parsed.success && assignments.length > 0) personas.push(parsed.data);
    else dropped.emptyItems += 1;
  }
  return { personas, dropped };
}

/**
 * One answer per question, in the questions' order; a question the model skipped is reported
 * as not addressed (and counted), a duplicate answer keeps the first.
 */
export function fromAnswerDrafts(
  drafts: baml.AnswerDraft[], questions: Question[], evidenceIds: Set<string>,
): { answers: AnswerProposal[]; dropped: Dropped; missingQuestions: number } {
  const dropped: Dropped = { unknownIds: 0, emptyItems: 0 };
  const byQuestion = new Map<string, AnswerProposal>();
  const questionIds = new Set(questions.map((q) => q.id));
  for (const d of drafts) {
    const questionId = d.questionId.trim();
    if (!questionIds.has(questionId)) { dropped.unknownIds += 1; continue; }
    if (byQuestion.has(questionId)) continue;
    // every sentence cites evidence: unknown ids are dropped, a sentence left uncited goes
    const sentences: string[] = [];
    const cited = new Set<string>();
    for (const sentence of d.sentences) {
      const ids = [...new Set(sentence.evidenceIds.map((id) => id.trim()))];
      const known = ids.filter((id) => evidenceIds.has(id));
      dropped.unknownIds += ids.length - known.length;
      if (known.length === 0 || !sentence.text.trim()) { dropped.emptyItems += 1; continue; }
      sentences.push(sentence.text.trim());
      for (const id of known) cited.add(id);
    }
    let status = d.status.toLowerCase() as AnswerProposal['status'];
    if (sentences.length === 0) status = 'not_addressed';
    byQuestion.set(questionId, AnswerProposal.parse({
      questionId, status, answer: status === 'not_addressed' ? '' : sentences.join(' '),
      confidence: clamp(d.confidence), evidenceIds: status === 'not_addressed' ? [] : [...cited],
    }));
  }
  let missingQuestions = 0;
  const answers = questions.map((q) => {
    const a = byQuestion.get(q.id);
    if (a) return a;
    missingQuestions += 1;
    return AnswerProposal.parse({ questionId: q.id, status: 'not_addressed', answer: '', confidence: 0, evidenceIds: [] });
  });
  return { answers, dropped, missingQuestions };
}
