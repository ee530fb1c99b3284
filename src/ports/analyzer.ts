import type {
  AnswerProposal, ExistingPersona, ExistingTheme, Person, PersonaProposal, ProposedEvidence,
  Question, StoredEvidence, ThemeProposal, Usage,
} from '../domain/analysis.js';
import type { Utterance } from '../domain/transcript.js';
import type { Codebook } from '../domain/codebook.js';
import type { StepEstimate } from '../domain/estimate.js';
import type { SynthesisInput, SynthesisOutput } from '../domain/synthesis.js';

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
  /** The project's research questions, so extraction looks for what speaks to them. */
  questions?: Question[] | undefined;
  customInstructions?: string | undefined;
}

export interface InsightsRequest {
  interviewId: string;
  projectId: string;
  evidence: StoredEvidence[];
  /**
   * Themes to link to instead of inventing near-duplicates. The pipeline passes none: an
   * interview's codes come from that interview alone (so they do not depend on which interviews
   * finished first) and the project's themes are made by synthesis.
   */
  existingThemes?: ExistingTheme[] | undefined;
  /** The project's deductive codebook, when it has one (the local analyzer codes with it first). */
  codebook?: Codebook | undefined;
  /** The transcript, so each quote can be given with the interviewer question before it. */
  utterances?: Utterance[] | undefined;
  customInstructions?: string | undefined;
}

export interface PersonasRequest {
  interviewId: string;
  projectId: string;
  people: Person[];
  evidence: StoredEvidence[];
  existingPersonas: ExistingPersona[];
  /**
   * Other participants' evidence, for callers outside the pipeline (evaluation scripts). The
   * pipeline passes none: the personas step reads its interview alone and project personas are
   * clustered by synthesis.
   */
  projectEvidence?: StoredEvidence[] | undefined;
  /** The transcript, so each quote can be given with the interviewer question before it. */
  utterances?: Utterance[] | undefined;
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
  /**
   * Study-level synthesis of a project (themes with prevalence, an answer per research question,
   * personas across participants, coverage) from its compact input. Cited ids that are not in
   * the input are dropped (and counted) by the caller as well, so an analyzer cannot link
   * evidence the project does not hold.
   */
  synthesize(input: SynthesisInput, ctx: AnalyzerContext): Promise<SynthesisOutput>;
  /**
   * Expected LLM calls, tokens and cost per step for these interviews before running them
   * (absent: the analyzer makes no paid calls).
   */
  estimate?(req: EstimateInput): Promise<StepEstimate[]>;
  close?(): Promise<void>;
}

export interface EstimateInput {
  interviews: Array<{ utterances: Utterance[] }>;
  questions: string[];
  customInstructions?: string | undefined;
}
