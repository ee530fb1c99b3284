import type { StepName } from '../domain/steps.js';
import type {
  AccountScope, AnalysisJobView, LiveRun, OwnedResource, InterviewReport, AnalysisJobContext, NewInterview, RunStart, StepCommits, StepInputName, StepInputs, StepStart, Store,
} from '../ports/store.js';
import type { RpcTransport } from './rpc.js';
import { RpcWebhookStore } from './rpc-webhook-store.js';
import type { WebhookStore } from '../ports/webhook-store.js';
import { z } from 'zod';
import { ExistingPersona, ExistingTheme, Person, Question, StoredEvidence, type Usage } from '../domain/analysis.js';
import { Utterance } from '../domain/transcript.js';
import type { SpendByStep, SpendLedger } from '../ports/spend-ledger.js';
import { InterviewSummaryFacts, type InterviewMedia, type ProjectReport } from '../domain/report.js';
import type { ApiKeyRecord, NewApiKey } from '../domain/auth.js';
import { SynthesisInput, SynthesisRun } from '../domain/synthesis.js';
import type { ProjectRef, ProjectSynthesisView, RunningSynthesis, SynthesisCommit } from '../ports/synthesis-store.js';
import type { AnalysisJobListItem, InterviewListItem, ListQuery, ProjectListItem } from '../domain/lists.js';

/** Schemas of the inputs startStep can read (the report is passed on as its reader gives it). */
const STEP_INPUT_SCHEMAS = {
  utterances: Utterance.array(),
  evidence: StoredEvidence.array(),
  people: Person.array(),
  questions: Question.array(),
  projectPersonas: ExistingPersona.array(),
  summaryFacts: InterviewSummaryFacts.nullable(),
} satisfies Record<Exclude<StepInputName, 'report'>, z.ZodType>;

/**
 * The one Store implementation: each method is a call of one SQL function from
 * supabase/migrations. Drivers differ only in their RpcTransport.
 */
export class RpcStore implements Store {
  constructor(private readonly rpc: RpcTransport) {
    this.webhooks = new RpcWebhookStore(rpc);
  }

  /**
   * Calls a SQL function and parses its result with the domain's zod schema, so a function
   * that drifts from the types fails here, at the adapter edge, not deep inside a step.
   */
  private async read<T extends z.ZodType>(schema: T, fn: string, args: Record<string, unknown>): Promise<z.infer<T>> {
    return schema.parse(await this.rpc.call(fn, args));
  }

  readonly webhooks: WebhookStore;

  /** reserve_llm_spend / settle_llm_spend / release_llm_spend (migration 20261130400001). */
  readonly spendLedger: SpendLedger = {
    reserve: (req) => {
      const { knownSpentUsd: _ignored, ...p } = req; // the SQL ledger counts its own rows
      return this.rpc.call('reserve_llm_spend', { p });
    },
    settle: async (id, actual) => { await this.rpc.call('settle_llm_spend', { p_id: id, p: actual }); },
    release: async (id) => { await this.rpc.call('release_llm_spend', { p_id: id }); },
  };

  llmSpendByStep(interviewId: string) {
    return this.rpc.call<SpendByStep[]>('llm_spend_by_step', { p_interview: interviewId });
  }

  get driver(): string {
    return this.rpc.name;
  }

  createInterview(input: NewInterview) {
    return this.rpc.call<{ interviewId: string; analysisJobId: string }>('create_interview', { p: input });
  }

  createInterviewWithRun(input: NewInterview) {
    return this.rpc.call<{ interviewId: string; analysisJobId: string; run: RunStart }>('create_interview_with_run', { p: input });
  }

  createInterviewOnceWithRun(input: NewInterview, key: string) {
    return this.rpc.call<{ interviewId: string; analysisJobId: string; existing: boolean; run?: RunStart }>('create_interview_once_with_run', { p: input, p_key: key });
  }

  ensureProject(projectId: string, accountId: string, name: string) {
    return this.rpc.call<{ id: string; name: string }>('ensure_project', { p_project: projectId, p_account: accountId, p_name: name });
  }

  listProjects(q: ListQuery) {
    return this.rpc.call<ProjectListItem[]>('list_projects', {
      p_account: q.accountId, p_after_ts: q.after?.createdAt ?? null, p_after_id: q.after?.id ?? null, p_limit: q.limit,
    });
  }

  listInterviews(projectId: string, q: ListQuery) {
    return this.rpc.call<InterviewListItem[]>('list_interviews', {
      p_account: q.accountId, p_project: projectId, p_status: q.status ?? null,
      p_after_ts: q.after?.createdAt ?? null, p_after_id: q.after?.id ?? null, p_limit: q.limit,
    });
  }

  listAnalysisJobs(projectId: string, q: ListQuery) {
    return this.rpc.call<AnalysisJobListItem[]>('list_analysis_jobs', {
      p_account: q.accountId, p_project: projectId, p_status: q.status ?? null,
      p_after_ts: q.after?.createdAt ?? null, p_after_id: q.after?.id ?? null, p_limit: q.limit,
    });
  }

  beginRun(jobId: string, opts: { reset: StepName[]; supersede: boolean; lostRun?: number | undefined }) {
    return this.rpc.call<RunStart>('begin_run', {
      p_job: jobId, p_reset: opts.reset, p_supersede: opts.supersede, p_lost_run: opts.lostRun ?? null,
    });
  }

  async markFlowAdded(jobId: string, runNo: number) {
    await this.rpc.call('mark_flow_added', { p_job: jobId, p_run: runNo });
  }

  loadAnalysisJobContext(jobId: string) {
    return this.rpc.call<AnalysisJobContext>('load_job_context', { p_job: jobId });
  }

  async startStep<R extends StepInputName = never>(jobId: string, runNo: number, step: StepName, reads: readonly R[] = []): Promise<StepStart<R>> {
    const start = await this.rpc.call<StepStart<R>>('start_step', { p_job: jobId, p_run: runNo, p_step: step, p_reads: [...reads] });
    if (start.completed) return start;
    // the same schemas as the separate load methods: a reader that drifts fails here
    const inputs: Record<string, unknown> = {};
    for (const r of reads) {
      const raw = (start.inputs as Record<string, unknown>)[r];
      inputs[r] = r === 'report' ? raw : STEP_INPUT_SCHEMAS[r as Exclude<StepInputName, 'report'>].parse(raw);
    }
    return { ...start, inputs: inputs as Pick<StepInputs, R> };
  }

  async reportProgress(jobId: string, runNo: number, step: StepName, percent: number, line: string) {
    await this.rpc.call('report_step_progress', {
      p_job: jobId, p_run: runNo, p_step: step, p_percent: Math.round(percent), p_line: line,
    });
  }

  async recordUsage(jobId: string, runNo: number, step: StepName, usage: Partial<Usage>) {
    await this.rpc.call('record_step_usage', { p_job: jobId, p_run: runNo, p_step: step, p_usage: usage });
  }

  async failStep(jobId: string, runNo: number, step: StepName, error: string, final: boolean) {
    await this.rpc.call('fail_step', {
      p_job: jobId, p_run: runNo, p_step: step, p_error: error, p_final: final,
    });
  }

  commitStep<S extends StepName>(jobId: string, runNo: number, step: S, output: StepCommits[S]) {
    return this.rpc.call(`commit_${step}`, { p_job: jobId, p_run: runNo, p: output });
  }

  getCheckpoint(jobId: string, step: StepName) {
    return this.rpc.call<Record<string, unknown>>('get_checkpoint', { p_job: jobId, p_step: step });
  }

  async setCheckpoint(jobId: string, runNo: number, step: StepName, values: Record<string, unknown>) {
    await this.rpc.call('set_checkpoint', { p_job: jobId, p_run: runNo, p_step: step, p_values: values });
  }

  loadUtterances(interviewId: string) {
    return this.read(Utterance.array(), 'load_utterances', { p_interview: interviewId });
  }

  loadEvidence(interviewId: string) {
    return this.read(StoredEvidence.array(), 'load_evidence', { p_interview: interviewId });
  }

  loadPeople(interviewId: string) {
    return this.read(Person.array(), 'load_people', { p_interview: interviewId });
  }

  loadProjectThemes(projectId: string) {
    return this.read(ExistingTheme.array(), 'load_project_themes', { p_project: projectId });
  }

  loadProjectPersonas(projectId: string) {
    return this.read(ExistingPersona.array(), 'load_project_personas', { p_project: projectId });
  }

  loadQuestions(interviewId: string) {
    return this.read(Question.array(), 'load_questions', { p_interview: interviewId });
  }

  getAnalysisJob(jobId: string, scope: AccountScope = {}) {
    if (scope.accountId) {
      return this.rpc.call<AnalysisJobView | null>('get_analysis_job_for', { p_job: jobId, p_account: scope.accountId });
    }
    return this.rpc.call<AnalysisJobView | null>('get_analysis_job', { p_job: jobId });
  }

  getInterviewReport(interviewId: string, scope: AccountScope = {}) {
    if (scope.accountId) {
      return this.rpc.call<InterviewReport | null>('get_interview_report_for', { p_interview: interviewId, p_account: scope.accountId });
    }
    return this.rpc.call<InterviewReport | null>('get_interview_report', { p_interview: interviewId });
  }

  getProjectReport(projectId: string) {
    return this.rpc.call<ProjectReport | null>('get_project_report', { p_project: projectId });
  }

  getInterviewMedia(interviewId: string) {
    return this.rpc.call<InterviewMedia | null>('get_interview_media', { p_interview: interviewId });
  }

  createApiKey(input: NewApiKey) {
    return this.rpc.call<ApiKeyRecord>('create_api_key', { p: input });
  }

  listApiKeys(accountId?: string) {
    return this.rpc.call<ApiKeyRecord[]>('list_api_keys', { p_account: accountId ?? null });
  }

  revokeApiKey(id: string) {
    return this.rpc.call<ApiKeyRecord>('revoke_api_key', { p_id: id });
  }

  verifyApiKey(hash: string) {
    return this.rpc.call<ApiKeyRecord | null>('verify_api_key', { p_hash: hash });
  }

  countActiveApiKeys() {
    return this.rpc.call<number>('count_active_api_keys', {});
  }

  resourceAccount(kind: OwnedResource, id: string) {
    return this.rpc.call<string | null>('resource_account', { p_kind: kind, p_id: id });
  }

  async ping() {
    await this.rpc.call('iflow_step_order', {});
  }

  close() {
    return this.rpc.close();
  }

  getProject(projectId: string) {
    return this.rpc.call<ProjectRef | null>('get_project', { p_project: projectId });
  }

  async getJobTitle(analysisJobId: string) {
    const row = await this.rpc.call<{ title: string | null } | null>('get_job_title', { p_job: analysisJobId });
    return row?.title ?? null;
  }

  getJobProject(analysisJobId: string) {
    return this.rpc.call<ProjectRef | null>('get_job_project', { p_job: analysisJobId });
  }

  beginSynthesis(projectId: string, opts: { bullJobId: string; trigger: string; analyzer: string }) {
    return this.rpc.call<{ runId: string; generation: number }>('begin_synthesis', {
      p_project: projectId, p_bull_job: opts.bullJobId, p_trigger: opts.trigger, p_analyzer: opts.analyzer,
    });
  }

  async loadSynthesisInput(projectId: string) {
    return this.read(SynthesisInput, 'load_synthesis_input', { p_project: projectId });
  }

  async recordSynthesisUsage(runId: string, usage: Partial<Usage>) {
    await this.rpc.call('record_synthesis_usage', { p_run: runId, p_usage: usage });
  }

  commitSynthesis(runId: string, output: SynthesisCommit) {
    return this.rpc.call<{ runId: string; generation: number }>('commit_synthesis', { p_run: runId, p: output });
  }

  async failSynthesis(runId: string, error: string, status: 'failed' | 'superseded' | 'waiting') {
    await this.rpc.call('fail_synthesis', { p_run: runId, p_error: error, p_status: status });
  }

  async failSynthesisJob(projectId: string, bullJobId: string, error: string, before: Date) {
    const n = await this.rpc.call<number>('fail_synthesis_job', { p_project: projectId, p_bull_job: bullJobId, p_error: error, p_before: before.toISOString() });
    return Number(n ?? 0);
  }

  async listRunningSyntheses(startedBefore: Date, limit = 500) {
    return this.rpc.call<RunningSynthesis[]>('list_running_syntheses', { p_started_before: startedBefore.toISOString(), p_limit: limit });
  }

  async listSynthesisRuns(projectId: string, limit = 50) {
    return this.read(SynthesisRun.array(), 'list_synthesis_runs', { p_project: projectId, p_limit: limit });
  }

  getProjectSynthesis(projectId: string) {
    return this.rpc.call<ProjectSynthesisView | null>('get_project_synthesis', { p_project: projectId });
  }

  async listLiveRuns(limit = 500) {
    return (await this.rpc.call<LiveRun[]>('list_live_runs', { p_limit: limit })) ?? [];
  }

  async markStepsLost(jobId: string, runNo: number, steps: StepName[], error: string) {
    return (await this.rpc.call<StepName[]>('mark_steps_lost', { p_job: jobId, p_run: runNo, p_steps: steps, p_error: error })) ?? [];
  }

  cancelRun(jobId: string) {
    return this.rpc.call<{ cancelled: boolean; status: AnalysisJobView['status']; runNo: number }>('cancel_run', { p_job: jobId });
  }
}
