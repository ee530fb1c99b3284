import { z } from 'zod';
import { SpeakerRole, Utterance } from './transcript.js';

export const FACET_KINDS = [
  'pain', 'gain', 'goal', 'behavior', 'tool', 'workflow', 'emotion', 'value', 'context',
] as const;
export const FacetKind = z.enum(FACET_KINDS);
export type FacetKind = z.infer<typeof FacetKind>;

export const Facet = z.object({ kind: FacetKind, value: z.string().min(1) });
export type Facet = z.infer<typeof Facet>;

/** How an evidence unit's timestamps were found inside its utterance. */
export const AnchorSource = z.enum(['exact', 'interpolated', 'utterance']);
export type AnchorSource = z.infer<typeof AnchorSource>;

/** An evidence unit as an analyzer proposes it: a quote pointing at an utterance by id. */
export const ProposedEvidence = z.object({
  utteranceId: z.string(),
  verbatim: z.string().min(1),
  gist: z.string().min(1),
  confidence: z.number().min(0).max(1).default(0.5),
  facets: z.array(Facet).default([]),
});
export type ProposedEvidence = z.infer<typeof ProposedEvidence>;

/** An evidence unit after the verbatim guard: quote checked, timestamps from the transcript. */
export const EvidenceUnit = ProposedEvidence.extend({
  key: z.string().min(1),
  speaker: z.string(),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  anchor: AnchorSource,
});
export type EvidenceUnit = z.infer<typeof EvidenceUnit>;

/** Evidence as stored (has a database id and the person it belongs to). */
export const StoredEvidence = EvidenceUnit.extend({
  id: z.uuid(),
  personId: z.uuid().nullable(),
});
export type StoredEvidence = z.infer<typeof StoredEvidence>;

export const Person = z.object({
  id: z.uuid(),
  name: z.string(),
  role: SpeakerRole,
  speaker: z.string(),
});
export type Person = z.infer<typeof Person>;

export const LinkedEvidence = z.object({
  evidenceId: z.uuid(),
  confidence: z.number().min(0).max(1).default(0.5),
});

export const ThemeProposal = z.object({
  name: z.string().min(1),
  statement: z.string().min(1),
  inclusionCriteria: z.string().default(''),
  evidence: z.array(LinkedEvidence).min(1),
});
export type ThemeProposal = z.infer<typeof ThemeProposal>;

export const ExistingTheme = z.object({
  id: z.uuid(),
  name: z.string(),
  statement: z.string(),
  inclusionCriteria: z.string().default(''),
});
export type ExistingTheme = z.infer<typeof ExistingTheme>;

export const PersonaProposal = z.object({
  name: z.string().min(1),
  description: z.string(),
  goals: z.array(z.string()).default([]),
  pains: z.array(z.string()).default([]),
  assignments: z.array(z.object({
    personId: z.uuid(),
    confidence: z.number().min(0).max(1).default(0.5),
    evidenceIds: z.array(z.uuid()).default([]),
  })),
});
export type PersonaProposal = z.infer<typeof PersonaProposal>;

export const ExistingPersona = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
});
export type ExistingPersona = z.infer<typeof ExistingPersona>;

export const Question = z.object({ id: z.uuid(), text: z.string().min(1) });
export type Question = z.infer<typeof Question>;

export const AnswerStatus = z.enum(['answered', 'partially_answered', 'not_addressed']);
export type AnswerStatus = z.infer<typeof AnswerStatus>;

export const AnswerProposal = z.object({
  questionId: z.uuid(),
  status: AnswerStatus,
  answer: z.string(),
  confidence: z.number().min(0).max(1).default(0.5),
  evidenceIds: z.array(z.uuid()).default([]),
});
export type AnswerProposal = z.infer<typeof AnswerProposal>;

/** LLM/transcription usage of one step; summed per analysis job. */
export const Usage = z.object({
  calls: z.number().int().nonnegative().default(0),
  model: z.string().nullable().default(null),
  inputTokens: z.number().int().nonnegative().default(0),
  outputTokens: z.number().int().nonnegative().default(0),
  cachedTokens: z.number().int().nonnegative().default(0),
  costUsd: z.number().nonnegative().default(0),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type Usage = z.infer<typeof Usage>;

export { Utterance };
