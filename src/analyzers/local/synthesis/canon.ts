import type {
  InterviewAnswer, InterviewCode, ParticipantProfile, ProjectQuestion, SynthesisEvidence, SynthesisInput,
  SynthesisInterview,
} from '../../../domain/synthesis.js';
import { contentWords } from './text.js';

/**
 * The synthesis input in canonical order: every list sorted by content keys (never by database
 * ids, which are random per row, nor by arrival order), so the same interviews give a
 * byte-identical synthesis whatever order they finished in or which project holds them.
 */
export interface Canon {
  interviews: SynthesisInterview[];
  participants: ParticipantProfile[];
  evidence: SynthesisEvidence[];
  questions: ProjectQuestion[];
  /** Codes with only participant evidence they cite, sorted by (name, interview key). */
  codes: InterviewCode[];
  answers: InterviewAnswer[];
  evidenceById: Map<string, SynthesisEvidence>;
  participantById: Map<string, ParticipantProfile>;
  interviewKey: Map<string, string>;
  /** Content words of an evidence unit, computed once per synthesis (units are read many times). */
  words(e: SynthesisEvidence): string[];
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function canonicalize(input: SynthesisInput): Canon {
  const interviews = [...input.interviews].sort((a, b) => cmp(a.key, b.key) || cmp(a.id, b.id));
  const interviewKey = new Map(interviews.map((i) => [i.id, i.key]));
  const ivKey = (id: string) => interviewKey.get(id) ?? `~${id}`;
  const participants = [...input.participants].sort((a, b) => cmp(a.key, b.key) || cmp(a.personId, b.personId));
  const participantById = new Map(participants.map((p) => [p.personId, p]));
  // interviewers never reach synthesis: only participants' evidence counts
  const evidence = input.evidence.filter((e) => participantById.has(e.personId))
    .sort((a, b) => cmp(a.key, b.key) || cmp(a.id, b.id));
  const evidenceById = new Map(evidence.map((e) => [e.id, e]));
  const byEvidenceKey = (ids: string[]) => [...new Set(ids.filter((id) => evidenceById.has(id)))]
    .sort((a, b) => cmp(evidenceById.get(a)!.key, evidenceById.get(b)!.key) || cmp(a, b));
  const codes = input.codes
    .map((c) => ({ ...c, evidenceIds: byEvidenceKey(c.evidenceIds) }))
    .filter((c) => c.evidenceIds.length > 0)
    .sort((a, b) => cmp(a.name, b.name) || cmp(ivKey(a.interviewId), ivKey(b.interviewId)) || cmp(a.statement, b.statement));
  const answers = input.answers
    .map((a) => ({ ...a, evidenceIds: byEvidenceKey(a.evidenceIds) }))
    .sort((a, b) => cmp(a.questionId, b.questionId) || cmp(ivKey(a.interviewId), ivKey(b.interviewId)));
  const questions = [...input.questions].sort((a, b) => a.position - b.position || cmp(a.text, b.text));
  const wordCache = new Map<string, string[]>();
  const words = (e: SynthesisEvidence) => {
    let w = wordCache.get(e.id);
    if (!w) wordCache.set(e.id, (w = contentWords(e.verbatim)));
    return w;
  };
  return { interviews, participants, evidence, questions, codes, answers, evidenceById, participantById, interviewKey, words };
}
