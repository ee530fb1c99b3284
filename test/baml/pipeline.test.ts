/**
 * The whole pipeline with ANALYZER=baml (config from LLM_* variables, real BAML runtime, real
 * Redis/BullMQ/Postgres) against the fake OpenAI server: correct rows, usage per step equal to
 * what the server reported, and each injected failure handled without leaving a run stuck.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BamlAnalyzer, bamlOptionsFromEnv } from '../../src/analyzers/baml/index.js';
import type { AnalysisJobView } from '../../src/ports/store.js';
import { creatives } from '../support/creatives.js';
import { startFakeAnthropic } from '../support/fake-anthropic.js';
import { startFakeOpenAI, type FakeLlmServer } from '../support/fake-openai.js';
import { createHarness, http, type Harness } from '../support/harness.js';

const QUESTIONS = ['How do creative professionals use AI tools in their work?', 'What worries them about AI and their craft?'];
const PRICE = { input: 0.15, output: 0.6, cachedInput: 0.075 }; // gpt-4o-mini default

describe('pipeline with ANALYZER=baml against a fake OpenAI server', () => {
  let server: FakeLlmServer;
  let h: Harness;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startFakeOpenAI({ cachedTokens: 100 });
    env = {
      ANALYZER: 'baml', LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-test', LLM_BASE_URL: server.url,
      LLM_MODEL: 'gpt-4o-mini', LLM_TIMEOUT_MS: '1500',
      SYNTHESIS_DEBOUNCE_MS: '3600000', // the project synthesis (LLM calls too) held back: this test counts and faults per-interview calls
      // fast retries so the fault tests finish quickly
      QUEUE_EVIDENCE_BACKOFF_MS: '100', QUEUE_INSIGHTS_BACKOFF_MS: '100', QUEUE_PERSONAS_BACKOFF_MS: '100', QUEUE_ANSWERS_BACKOFF_MS: '100',
    };
    h = await createHarness({ env });
  });
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });
  afterEach(() => { server.requests.length = 0; });

  async function submit(index: number): Promise<{ interviewId: string; analysisJobId: string }> {
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', {
      transcript: creatives()[index]!.text, questions: QUESTIONS, interviewers: ['AI', 'Assistant'],
      customInstructions: 'We care most about trust in AI tools.',
    });
    expect(created.status).toBe(202);
    return created.body;
  }

  const settled = (j: AnalysisJobView) => j.status === 'completed' || j.status === 'failed';

  it('stores verbatim evidence, linked themes, personas and answers; per-step usage equals the server-reported tokens x price', async () => {
    expect(h.rt.analyzer.name).toBe('baml');
    const { interviewId, analysisJobId } = await submit(10);
    const job = await h.waitForJob(analysisJobId, settled);
    expect(job.error).toBeNull();
    expect(job.status).toBe('completed');

    const report = await http(h.baseUrl, 'GET', `/v1/interviews/${interviewId}`);
    const text = creatives()[10]!.text.replace(/\s+/g, ' ');
    expect(report.body.evidence.length).toBeGreaterThan(3);
    for (const e of report.body.evidence) expect(text).toContain(e.verbatim.replace(/\s+/g, ' '));
    const ids = new Set(report.body.evidence.map((e: { id: string }) => e.id));
    expect(report.body.insights.length).toBeGreaterThan(0);
    for (const i of report.body.insights) for (const e of i.evidence) expect(ids.has(e.evidenceId)).toBe(true);
    expect(report.body.answers).toHaveLength(QUESTIONS.length);
    expect(report.body.personas.length).toBeGreaterThan(0);
    expect(server.requests[0]!.prompt).toContain('We care most about trust in AI tools.');

    const view = (await http(h.baseUrl, 'GET', `/v1/analysis-jobs/${analysisJobId}`)).body;
    let totalCost = 0;
    for (const step of ['evidence', 'insights', 'personas', 'answers'] as const) {
      const reqs = server.requests.filter((r) => r.task === step);
      const s = view.steps.find((x: { step: string }) => x.step === step);
      const input = reqs.reduce((n, r) => n + r.usage.inputTokens, 0);
      const output = reqs.reduce((n, r) => n + r.usage.outputTokens, 0);
      const cached = reqs.reduce((n, r) => n + r.usage.cachedTokens, 0);
      expect(reqs.length, step).toBeGreaterThan(0);
      expect(s.llmCalls, step).toBe(reqs.length);
      expect(s.model, step).toBe('gpt-4o-mini');
      expect(s.tokens, step).toEqual({ input, output, cached });
      const cost = ((input - cached) * PRICE.input + cached * PRICE.cachedInput + output * PRICE.output) / 1e6;
      expect(s.costUsd, step).toBeCloseTo(cost, 5); // the store keeps 6 decimals per recorded call
      totalCost += cost;
    }
    expect(view.usage.costUsd).toBeCloseTo(totalCost, 5);
    expect(view.usage.llmCalls).toBe(server.requests.length);

    // the guard's counts are in the evidence step's usage details next to the analyzer's
    const evidenceStep = view.steps.find((x: { step: string }) => x.step === 'evidence');
    expect(evidenceStep.usage).toMatchObject({ batches: 1, unknownUtteranceIds: 1 });
  });

  it('429 with Retry-After delays the step without using an attempt, then completes', async () => {
    server.inject({ kind: 'rate-limit', retryAfterSeconds: 1 }, 1, 'gpt-4o-mini');
    const { analysisJobId } = await submit(11);
    const job = await h.waitForJob(analysisJobId, settled);
    expect(job.status).toBe('completed');
    const evidence = server.requests.filter((r) => r.fault === 'rate-limit' || r.task === 'evidence');
    expect(evidence.map((r) => r.status)).toEqual([429, 200]);
    expect(evidence[1]!.at - evidence[0]!.at).toBeGreaterThanOrEqual(900);
    const bull = await h.rt.queues.get('evidence').getJobs(['completed']);
    const evidenceJob = bull.find((j) => (j.data as { analysisJobId?: string }).analysisJobId === analysisJobId)!;
    expect(evidenceJob.attemptsMade).toBe(1); // the 429 did not count as an attempt
  });

  it('500, a hang past the timeout and garbage output are retried and the run completes', async () => {
    server.inject({ kind: 'server-error' }, 1);
    server.inject({ kind: 'hang' }, 1);
    server.inject({ kind: 'garbage' }, 1);
    const { analysisJobId } = await submit(12);
    const job = await h.waitForJob(analysisJobId, settled, 60_000);
    expect(job.status).toBe('completed');
    expect(server.requests.slice(0, 3).map((r) => r.fault)).toEqual(['server-error', 'hang', 'garbage']);
    expect(job.steps.find((s) => s.step === 'evidence')!.attempts).toBe(4);
  });

  it('400 context_length_exceeded fails the step at once with a clear error', async () => {
    server.inject({ kind: 'context-length' }, 1);
    const { analysisJobId } = await submit(13);
    const job = await h.waitForJob(analysisJobId, settled);
    expect(job.status).toBe('failed');
    const step = job.steps.find((s) => s.step === 'evidence')!;
    expect(step.status).toBe('failed');
    expect(step.attempts).toBe(1);
    expect(step.error).toMatch(/context length exceeded/);
    expect(server.requests).toHaveLength(1);
  });

  it('a budget stops the run before it spends more; raising it and resuming continues', async () => {
    // swap in an analyzer with a tiny budget, as a restart with LLM_BUDGET_USD would
    await h.workers!.close();
    (h.rt as { analyzer: unknown }).analyzer = new BamlAnalyzer(bamlOptionsFromEnv({ ...env, LLM_BUDGET_USD: '0.00001' }));
    h.startWorkers();
    const { analysisJobId } = await submit(14);
    const failed = await h.waitForJob(analysisJobId, settled);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/budget exceeded.*LLM_BUDGET_USD/);
    expect(failed.steps.find((s) => s.step === 'evidence')!.attempts).toBe(1);
    expect(server.requests).toHaveLength(0);

    await h.workers!.close();
    (h.rt as { analyzer: unknown }).analyzer = new BamlAnalyzer(bamlOptionsFromEnv({ ...env, LLM_BUDGET_USD: '5' }));
    h.startWorkers();
    const resumed = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${analysisJobId}/resume`, {});
    expect(resumed.status).toBe(202);
    const done = await h.waitForJob(analysisJobId, (j) => j.currentRun > 1 && settled(j));
    expect(done.status).toBe('completed');
    expect(server.requests.filter((r) => r.task === 'evidence')).toHaveLength(1);
  });
});

describe('pipeline with ANALYZER=baml against a fake Anthropic server', () => {
  let server: FakeLlmServer;
  let h: Harness;

  beforeAll(async () => {
    server = await startFakeAnthropic({ cachedTokens: 50 });
    h = await createHarness({
      env: {
        ANALYZER: 'baml', LLM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: 'sk-ant-test', LLM_BASE_URL: server.url,
        LLM_MODEL: 'claude-sonnet-4-5', LLM_MODEL_EVIDENCE: 'claude-haiku-4-5',
        SYNTHESIS_DEBOUNCE_MS: '3600000', // the project synthesis (LLM calls too) held back: this test counts and faults per-interview calls
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('completes with a model per step and usage priced per model', async () => {
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', {
      transcript: creatives()[15]!.text, questions: QUESTIONS, interviewers: ['AI', 'Assistant'],
    });
    const job = await h.waitForJob(created.body.analysisJobId, (j) => j.status === 'completed' || j.status === 'failed');
    expect(job.error).toBeNull();
    expect(job.status).toBe('completed');
    const byStep = Object.fromEntries(job.steps.map((s) => [s.step, s]));
    expect(byStep.evidence!.model).toBe('claude-haiku-4-5');
    expect(byStep.insights!.model).toBe('claude-sonnet-4-5');
    const evidenceReqs = server.requests.filter((r) => r.task === 'evidence');
    expect(evidenceReqs.every((r) => r.model === 'claude-haiku-4-5')).toBe(true);
    const input = evidenceReqs.reduce((n, r) => n + r.usage.inputTokens, 0);
    const output = evidenceReqs.reduce((n, r) => n + r.usage.outputTokens, 0);
    const cached = evidenceReqs.reduce((n, r) => n + r.usage.cachedTokens, 0);
    expect(byStep.evidence!.tokens).toEqual({ input, output, cached });
    expect(byStep.evidence!.costUsd).toBeCloseTo(((input - cached) * 1 + cached * 0.1 + output * 5) / 1e6, 5);
  });
});
