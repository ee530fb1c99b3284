import type { Usage } from '../domain/analysis.js';
import type { SynthesisInput, SynthesisOutput, SynthesisRun } from '../domain/synthesis.js';

/** What commit_synthesis takes: the output plus what the run read. */
export interface SynthesisCommit extends SynthesisOutput {
  stats: { interviews: number; evidence: number };
}

export interface ProjectRef {
  id: string;
  accountId: string;
  name: string;
}

/** A synthesis run still marked running, with the Bull job that opened it. */
export interface RunningSynthesis {
  runId: string;
  projectId: string;
  bullJobId: string | null;
  startedAt: string;
}

/** A resolved quote (API and report). */
export interface QuoteView {
  evidenceId: string;
  interviewId: string;
  speaker: string;
  verbatim: string;
  startMs: number;
  endMs: number;
}

/** The project's current synthesis as the API returns it. */
export interface ProjectSynthesisView {
  projectId: string;
  projectName: string;
  /** The run whose output this is (null before the first commit). */
  committedRun: SynthesisRun | null;
  /** The newest run, which may still be running or have failed. */
  latestRun: SynthesisRun | null;
  /** Substantive evidence no theme holds and participants in no persona (null before the first commit). */
  coverage: { substantive: number; unthemed: string[]; unassigned: string[] } | null;
  themes: {
    id: string; name: string; statement: string; interviews: number; participants: number;
    quote: QuoteView | null; codes: string[]; evidence: { evidenceId: string; role: 'supporting' | 'counter' }[];
  }[];
  answers: {
    id: string; questionId: string; question: string; status: string; summary: string;
    sentences: { text: string; evidenceIds: string[]; participants: number }[];
    participantsSupporting: number; participantsTotal: number; interviewsAddressed: number; interviewsTotal: number;
    interviewAnswerIds: string[]; citations: QuoteView[];
  }[];
  personas: {
    id: string; name: string; description: string;
    goals: { text: string; evidenceId: string }[]; pains: { text: string; evidenceId: string }[];
    members: { personId: string; name: string; interviewId: string; reason: string; evidenceIds: string[] }[];
  }[];
}

/**
 * The synthesis ledger and output (SQL functions in the synthesis migration). Runs are fenced by
 * generation: commitSynthesis throws StaleRunError when a newer generation has committed.
 */
export interface SynthesisStore {
  getProject(projectId: string): Promise<ProjectRef | null>;
  /** The project an analysis job belongs to. */
  getJobProject(analysisJobId: string): Promise<ProjectRef | null>;
  beginSynthesis(projectId: string, opts: { bullJobId: string; trigger: string; analyzer: string }): Promise<{ runId: string; generation: number }>;
  loadSynthesisInput(projectId: string): Promise<SynthesisInput>;
  recordSynthesisUsage(runId: string, usage: Partial<Usage>): Promise<void>;
  commitSynthesis(runId: string, output: SynthesisCommit): Promise<{ runId: string; generation: number }>;
  failSynthesis(runId: string, error: string, status: 'failed' | 'superseded' | 'waiting'): Promise<void>;
  /**
   * Fails the runs of a Bull job still marked running that started before `before` (a job BullMQ
   * failed without running the processor, e.g. stalled too often). Returns how many.
   */
  failSynthesisJob(projectId: string, bullJobId: string, error: string, before: Date): Promise<number>;
  /** Runs still marked running that started before `startedBefore`, oldest first (the reconciler's). */
  listRunningSyntheses(startedBefore: Date, limit?: number): Promise<RunningSynthesis[]>;
  listSynthesisRuns(projectId: string, limit?: number): Promise<SynthesisRun[]>;
  getProjectSynthesis(projectId: string): Promise<ProjectSynthesisView | null>;
}
