import type { WebhookStore } from './webhook-store.js';
import type {
  AnswerProposal, EvidenceUnit, ExistingPersona, ExistingTheme, Person, PersonaProposal, Question,
  StoredEvidence, ThemeProposal, Usage,
} from '../domain/analysis.js';
import type { StepName } from '../domain/steps.js';
import type { Codebook } from '../domain/codebook.js';
import type { SpeakerRole, Utterance } from '../domain/transcript.js';
import type { InterviewSource } from './transcriber.js';
import type { SpendByStep, SpendLedger } from './spend-ledger.js';
import type { InterviewMedia, InterviewSummaryFacts, ProjectReport } from '../domain/report.js';
import type { ApiKeyRecord, NewApiKey } from '../domain/auth.js';
import type { SynthesisStore } from './synthesis-store.js';
import type { AnalysisJobListItem, InterviewListItem, ListQuery, ProjectListItem } from '../domain/lists.js';

export interface NewInterview {
  accountId: string;
  projectId: string;
  title?: string | undefined;
  source: InterviewSource;
  rawTranscript?: string | undefined;
  interviewers?: string[] | undefined;
  questions?: string[] | undefined;
  customInstructions?: string | undefined;
  /** Stored on the project when this creates it; refused (invalid input) if the project has another. */
  codebook?: Codebook | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export interface AnalysisJobContext {
  analysisJobId: string;
  interviewId: string;
  accountId: string;
  projectId: string;
  /** The project's name (absent from older databases' rows). */
  projectName?: string | undefined;
  currentRun: number;
  status: string;
  title: string | null;
  source: InterviewSource;
  /** The transcript text. In a step's context (startStep) only the transcribe step gets it. */
  rawTranscript?: string | null | undefined;
  interviewers: string[];
  customInstructions: string | null;
  /** The project's deductive codebook (null: inductive coding). Absent from older databases' rows. */
  codebook?: Codebook | null | undefined;
  /** What this interview's analysis has cost so far (all steps and runs), in USD. */
  spentUsd: number;
}

export interface RunStart {
  runNo: number;
  interviewId: string;
  completedSteps: StepName[];
}

/**
 * What a step may ask startStep to read with the start (one round trip): each is what the
 * like-named load method returns (`report`: getInterviewReport; `summaryFacts`: what the
 * finalize summary counts, null for an unknown interview).
 */
export interface StepInputs {
  utterances: Utterance[];
  evidence: StoredEvidence[];
  people: Person[];
  questions: Question[];
  projectPersonas: ExistingPersona[];
  report: InterviewReport | null;
  summaryFacts: InterviewSummaryFacts | null;
}
export type StepInputName = keyof StepInputs;

/**
 * What starting a step attempt returns: the stored result when this run already committed the
 * step (re-delivery), else the job context the step runs with and the inputs it asked for (read
 * in the same call, after the fence).
 */
export type StepStart<R extends StepInputName = never> =
  | { completed: true; result: unknown }
  | { completed: false; analysisJob: AnalysisJobContext; inputs: Pick<StepInputs, R> };

/** Step outputs, as each step's commit function takes them. */
export interface StepCommits {
  transcribe: { utterances: Utterance[]; transcript: string; durationMs: number; provider: string };
  evidence: {
    people: { speaker: string; name: string; role: SpeakerRole }[];
    evidence: (EvidenceUnit & { utteranceIdx: number })[];
    stats: Record<string, number>;
  };
  insights: { themes: ThemeProposal[] };
  personas: { personas: PersonaProposal[] };
  answers: { answers: AnswerProposal[] };
  finalize: { summary: string };
}

/**
 * The persistence port. Every method is one SQL function in supabase/migrations; drivers only
 * carry the call (SQL over a Postgres connection, PGlite, or supabase-js rpc()).
 * Errors: NotFoundError, RunActiveError, StaleRunError, NothingToRunError, InvalidInputError.
 */
export interface Store extends SynthesisStore {
  readonly driver: string;
  /** Completion webhooks: endpoints, deliveries, attempt log. */
  readonly webhooks: WebhookStore;
  createInterview(input: NewInterview): Promise<{ interviewId: string; analysisJobId: string }>;
  /** createInterview and beginRun (run 1, nothing reset) in one transaction and round trip. */
  createInterviewWithRun(input: NewInterview): Promise<{ interviewId: string; analysisJobId: string; run: RunStart }>;
  /**
   * Like createInterviewWithRun, unless `key` was used in the project before: then the first
   * interview is returned with `existing: true`, no run, and nothing is written.
   */
  createInterviewOnceWithRun(input: NewInterview, key: string): Promise<{ interviewId: string; analysisJobId: string; existing: boolean; run?: RunStart }>;
  /**
   * `lostRun`: the caller found this live run's flow lost from Redis (added and gone, or never
   * added within the grace period); it is rebuilt if it is still the current run.
   */
  /** The interview's title of an analysis job (null when untitled or unknown): names its BullMQ jobs. */
  getJobTitle(analysisJobId: string): Promise<string | null>;
  beginRun(analysisJobId: string, opts: { reset: StepName[]; supersede: boolean; lostRun?: number | undefined }): Promise<RunStart>;
  /** Records that the run's flow is in Redis. */
  markFlowAdded(analysisJobId: string, runNo: number): Promise<void>;
  loadAnalysisJobContext(analysisJobId: string): Promise<AnalysisJobContext>;

  /** Fences and records the attempt; with `reads`, also returns those inputs (same call). */
  startStep<R extends StepInputName = never>(jobId: string, runNo: number, step: StepName, reads?: readonly R[]): Promise<StepStart<R>>;
  reportProgress(jobId: string, runNo: number, step: StepName, percent: number, line: string): Promise<void>;
  recordUsage(jobId: string, runNo: number, step: StepName, usage: Partial<Usage>): Promise<void>;
  failStep(jobId: string, runNo: number, step: StepName, error: string, final: boolean): Promise<void>;
  commitStep<S extends StepName>(jobId: string, runNo: number, step: S, output: StepCommits[S]): Promise<unknown>;
  getCheckpoint(jobId: string, step: StepName): Promise<Record<string, unknown>>;
  setCheckpoint(jobId: string, runNo: number, step: StepName, values: Record<string, unknown>): Promise<void>;

  loadUtterances(interviewId: string): Promise<Utterance[]>;
  loadEvidence(interviewId: string): Promise<StoredEvidence[]>;
  loadPeople(interviewId: string): Promise<Person[]>;
  loadProjectThemes(projectId: string): Promise<ExistingTheme[]>;
  loadProjectPersonas(projectId: string): Promise<ExistingPersona[]>;
  loadQuestions(interviewId: string): Promise<Question[]>;

  /** The LLM spend ledger (reserve before a call, settle after), shared by every worker. */
  readonly spendLedger: SpendLedger;
  /** Estimated vs reported tokens and cost per step of an interview's LLM calls. */
  llmSpendByStep(interviewId: string): Promise<SpendByStep[]>;

  /** Everything the researcher's report shows for a project (null: no such project). */
  getProjectReport(projectId: string): Promise<ProjectReport | null>;
  /** Creates the project with this name unless it exists (then its name is kept). */
  ensureProject(projectId: string, accountId: string, name: string): Promise<{ id: string; name: string }>;
  /** Pages of the account's projects and of a project's interviews and analysis jobs, oldest first. */
  listProjects(q: ListQuery): Promise<ProjectListItem[]>;
  listInterviews(projectId: string, q: ListQuery): Promise<InterviewListItem[]>;
  listAnalysisJobs(projectId: string, q: ListQuery): Promise<AnalysisJobListItem[]>;
  /** An interview's media source, for serving its recording (null: no such interview). */
  getInterviewMedia(interviewId: string): Promise<InterviewMedia | null>;
  /** With `accountId`, another account's job reads as null (the API answers 404). */
  getAnalysisJob(analysisJobId: string, scope?: AccountScope): Promise<AnalysisJobView | null>;
  getInterviewReport(interviewId: string, scope?: AccountScope): Promise<InterviewReport | null>;

  /** API keys: only hashes are stored; `verifyApiKey` returns null for unknown or revoked keys. */
  createApiKey(input: NewApiKey): Promise<ApiKeyRecord>;
  /** Without an account, every account's keys (operator listing). */
  listApiKeys(accountId?: string): Promise<ApiKeyRecord[]>;
  revokeApiKey(id: string): Promise<ApiKeyRecord>;
  verifyApiKey(hash: string): Promise<ApiKeyRecord | null>;
  countActiveApiKeys(): Promise<number>;
  /** The account owning a project, interview or analysis job; null when there is none. */
  resourceAccount(kind: OwnedResource, id: string): Promise<string | null>;

  /** Operations (src/ops, migration 20261130500001): the reconciler's view and cancellation. */
  listLiveRuns(limit?: number): Promise<LiveRun[]>;
  markStepsLost(jobId: string, runNo: number, steps: StepName[], error: string): Promise<StepName[]>;
  cancelRun(jobId: string): Promise<{ cancelled: boolean; status: AnalysisJobView['status']; runNo: number }>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type OwnedResource = 'project' | 'interview' | 'analysis_job';

/** Restricts a read to one account (the caller's, from its credential). */
export interface AccountScope {
  accountId?: string | undefined;
}

/** A run the database calls live, with its steps (the reconciler compares it with Redis). */
export interface LiveRun {
  analysisJobId: string;
  runNo: number;
  status: AnalysisJobView['status'];
  flowRun: number | null;
  runStartedAt: string | null;
  steps: { step: StepName; status: StepView['status']; attemptStartedAt: string | null }[];
}

export interface StepView {
  step: StepName;
  runNo: number;
  status: 'pending' | 'running' | 'completed' | 'failed';
  attempts: number;
  progress: number;
  statusLine: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
  model: string | null;
  llmCalls: number;
  tokens: { input: number; output: number; cached: number };
  costUsd: number;
  usage: Record<string, unknown>;
}

export interface AnalysisJobView {
  id: string;
  interviewId: string;
  projectId: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  currentRun: number;
  /** The last run whose flow was added to Redis, and when the current run was opened. */
  flowRun: number | null;
  runStartedAt: string | null;
  currentStep: StepName | null;
  progress: number;
  statusLine: string | null;
  error: string | null;
  completedSteps: StepName[];
  workflowState: Record<string, unknown>;
  usage: { llmCalls: number; inputTokens: number; outputTokens: number; cachedTokens: number; costUsd: number };
  steps: StepView[];
  createdAt: string;
  updatedAt: string;
}

export interface InterviewReport {
  id: string;
  accountId: string;
  projectId: string;
  title: string | null;
  status: string;
  summary: string | null;
  durationMs: number | null;
  analysisJobId: string;
  evidence: StoredEvidence[];
  people: Person[];
  insights: {
    id: string; name: string; statement: string; inclusionCriteria: string;
    evidence: { evidenceId: string; confidence: number; startMs: number; endMs: number; verbatim: string }[];
  }[];
  personas: {
    id: string; name: string; description: string; goals: string[]; pains: string[];
    personId: string; confidence: number; evidenceIds: string[];
  }[];
  answers: {
    id: string; questionId: string; question: string; status: string; answer: string | null;
    confidence: number | null; evidenceIds: string[];
  }[];
}
