import type {
  ParticipantProfile, SynthesisEvidence, SynthesisInput,
} from '../../../domain/synthesis.js';
import type { SynthQuote } from '../../../baml_client/types.js';
import { clip } from './calls.js';

const QUOTE_CHARS = 400;
const QUESTION_CHARS = 200;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The synthesis input indexed and put in a canonical order (by content keys, not ids or arrival),
 * so batches and prompts are the same for the same interviews whatever order they finished in.
 * Counts are always computed here, from the links, never taken from a model.
 */
export class ProjectIndex {
  readonly evidence: SynthesisEvidence[];
  readonly evidenceById: Map<string, SynthesisEvidence>;
  readonly participants: ParticipantProfile[];
  readonly participantById: Map<string, ParticipantProfile>;
  /** A short stable label per interview (its position in key order), for prompts. */
  readonly interviewLabel: Map<string, string>;
  readonly evidenceOf: Map<string, SynthesisEvidence[]>;

  constructor(readonly input: SynthesisInput) {
    this.evidence = [...input.evidence].sort((a, b) => cmp(a.key, b.key));
    this.evidenceById = new Map(this.evidence.map((e) => [e.id, e]));
    this.participants = [...input.participants].sort((a, b) => cmp(a.key, b.key));
    this.participantById = new Map(this.participants.map((p) => [p.personId, p]));
    const interviews = [...input.interviews].sort((a, b) => cmp(a.key, b.key));
    this.interviewLabel = new Map(interviews.map((iv, i) => [iv.id, `i${i + 1}`]));
    this.evidenceOf = new Map();
    for (const e of this.evidence) this.evidenceOf.set(e.personId, [...(this.evidenceOf.get(e.personId) ?? []), e]);
  }

  /** Distinct participants and interviews of a set of evidence ids. */
  prevalence(ids: Iterable<string>): { participants: number; interviews: number } {
    const people = new Set<string>();
    const interviews = new Set<string>();
    for (const id of ids) {
      const e = this.evidenceById.get(id);
      if (!e) continue;
      people.add(e.personId);
      interviews.add(e.interviewId);
    }
    return { participants: people.size, interviews: interviews.size };
  }

  quote(e: SynthesisEvidence): SynthQuote {
    return { id: e.id, participantId: e.personId, question: clip(e.question, QUESTION_CHARS), verbatim: clip(e.verbatim, QUOTE_CHARS) };
  }

  /** The strongest units first: highest confidence, then key (deterministic). */
  strongest(units: SynthesisEvidence[], n: number, prefer?: (e: SynthesisEvidence) => boolean): SynthesisEvidence[] {
    return [...units].sort((a, b) => (prefer ? Number(prefer(b)) - Number(prefer(a)) : 0)
      || b.confidence - a.confidence || cmp(a.key, b.key)).slice(0, n);
  }

  count(n: number): string {
    const total = this.participants.length;
    return `${n} of ${total} participant${total === 1 ? '' : 's'}`;
  }
}

export { cmp };
