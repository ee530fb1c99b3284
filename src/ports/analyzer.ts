import type {
  AnswerProposal, ExistingPersona, ExistingTheme, Person, PersonaProposal, ProposedEvidence,
  Question, StoredEvidence, ThemeProposal, Usage,
} from '../domain/analysis.js';
import type { Utterance } from '../domain/transcript.js';

/** What every analyzer call gets besides its input. */
export interface AnalyzerContext {
  /** Aborted when the job's deadline passes or the worker shuts down. */
  signal: AbortSignal;
  /** Adds LLM usage (tokens, cost, model) to the current step's record. */
  recordUsage(usage: Partial<Usage>): void;
  /** Reports progress inside a long call (percent of this step, human line). */
  progress(percent: number, line: string): Promise<void>;
  /**
   * What the interview's analysis had cost (all steps and runs, from the store) when this step
   * started, so a per-interview budget holds across worker processes and resumes.
   */
  spentUsd?: number;
}

export interface EvidenceRequest {
  interviewId: string;
  projectId: string;
  utterances: Utterance[];
  customInstructions?: string | undefined;
}

export interface InsightsRequest {
  interviewId: string;
  projectId: string;
  evidence: StoredEvidence[];
  /** Themes the project already has: link to them instead of inventing near-duplicates. */
  existingThemes: ExistingTheme[];
  customInstructions?: string | undefined;
}

export interface PersonasRequest {
  interviewId: string;
  projectId: string;
  people: Person[];
  evidence: StoredEvidence[];
  existingPersonas: ExistingPersona[];
  /** Facet profiles of every participant already analysed in the project (for clustering). */
  projectEvidence?: StoredEvidence[] | undefined;
  customInstructions?: string | undefined;
}

export interface AnswersRequest {
  interviewId: string;
  projectId: string;
  questions: Question[];
  evidence: StoredEvidence[];
  utterances: Utterance[];
  customInstructions?: string | undefined;
}

/**
 * The analysis port. Implementations: `local` (offline, deterministic) and `baml` (LLM).
 * Quotes returned by extractEvidence are checked by the verbatim guard afterwards, so an
 * analyzer never decides timestamps.
 */
export interface Analyzer {
  readonly name: string;
  extractEvidence(req: EvidenceRequest, ctx: AnalyzerContext): Promise<ProposedEvidence[]>;
  generateInsights(req: InsightsRequest, ctx: AnalyzerContext): Promise<ThemeProposal[]>;
  assignPersonas(req: PersonasRequest, ctx: AnalyzerContext): Promise<PersonaProposal[]>;
  attributeAnswers(req: AnswersRequest, ctx: AnalyzerContext): Promise<AnswerProposal[]>;
  close?(): Promise<void>;
}
