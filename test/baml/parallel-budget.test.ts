/**
 * The atomic budget: insights, personas and answers run in parallel (three queues, real
 * workers, real Postgres ledger, the real BAML runtime against the OpenAI protocol server,
 * which holds each answer 1.5 s so the three calls are really in flight together). With a
 * budget that fits a little more than one of those calls, the interview may not spend more than
 * the budget plus one call's estimate. Before the ledger each step read the spend when it
 * started (zero for all three) and all three calls went out: more than that bound, as the
 * unbudgeted run shows.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BamlAnalyzer, bamlOptionsFromEnv } from '../../src/analyzers/baml/index.js';
import { creatives } from '../support/creatives.js';
import { startFakeOpenAI, type FakeLlmServer } from '../support/fake-openai.js';
import { createHarness, http, type Harness } from '../support/harness.js';

const PARALLEL = ['insights', 'personas', 'answers'] as const;

describe('budget across the three parallel steps (ANALYZER=baml, Postgres ledger)', () => {
  let server: FakeLlmServer;
  let h: Harness;
  // evidence on an unpriced (free, local) model, the three parallel steps on a priced one
  const env = {
    ANALYZER: 'baml', LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-test', LLM_MODEL: 'priced-model',
    SYNTHESIS_DEBOUNCE_MS: '3600000', // the project synthesis (LLM calls too) held back: this test counts and faults per-interview calls
    LLM_MODEL_EVIDENCE: 'free-model', LLM_PRICING_JSON: JSON.stringify({ 'priced-model': { input: 100, output: 400 } }),
    // the fake's answers are about a fifth of the prompt (each quote comes with its interviewer
    // question), so estimates tuned to it: the unbudgeted run then shows the bound broken
    LLM_OUTPUT_TOKENS_RATIO: '0.2',
  };

  beforeAll(async () => {
    server = await startFakeOpenAI({ latencyMs: 1500 });
    h = await createHarness({ env: { ...env, LLM_BASE_URL: server.url }, workers: false });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await server?.close();
  }, 60_000);

  async function runInterview(budgetUsd?: number) {
    const options = bamlOptionsFromEnv({ ...env, LLM_BASE_URL: server.url, ...(budgetUsd ? { LLM_BUDGET_USD: String(budgetUsd) } : {}) });
    h.rt.analyzer = new BamlAnalyzer(options, { ledger: h.rt.store.spendLedger });
    const workers = h.startWorkers();
    try {
      const created = await http(h.baseUrl, 'POST', '/v1/interviews', {
        // a fresh project each time, so both runs send the same prompts (no themes from the other)
        projectId: randomUUID(), transcript: creatives()[3]!.text, interviewers: ['AI', 'Assistant'],
        questions: ['How do they use AI in their creative work?', 'What worries them?'],
      });
      expect(created.status).toBe(202);
      // a sibling's final failure fails the job while another step may still wait for the
      // budget (a delayed retry): wait until all three have settled
      const settled = (j: { steps: Array<{ step: string; status: string }> }) => PARALLEL.every((p) => j.steps.some((s) => s.step === p && (s.status === 'completed' || s.status === 'failed')));
      const job = await h.waitForJob(created.body.analysisJobId, (j) => (j.status === 'completed' || j.status === 'failed') && settled(j), 90_000);
      return { job, spend: await h.rt.store.llmSpendByStep(job.interviewId) };
    } finally {
      await workers.close();
    }
  }

  it('never spends more than the budget plus one call estimate', async () => {
    // 1. no budget: what each parallel call is estimated to cost and really costs
    const probe = await runInterview();
    expect(probe.job.status).toBe('completed');
    const est = Object.fromEntries(probe.spend.map((s) => [s.step, s]));
    for (const step of PARALLEL) expect(est[step]?.calls, step).toBe(1);
    const estimates = PARALLEL.map((s) => est[s]!.estimatedUsd);
    const maxEstimate = Math.max(...estimates);
    const unbudgeted = PARALLEL.reduce((sum, s) => sum + est[s]!.costUsd, 0);

    // 2. the same interview with room for any one of the three calls, but not for two
    const budget = 1.05 * maxEstimate;
    expect(budget).toBeLessThan(estimates.sort((a, b) => a - b)[0]! + estimates[1]!);
    const before = server.requests.length;
    const run = await runInterview(budget);
    const spent = run.spend.reduce((sum, s) => sum + s.costUsd, 0);
    const sent = server.requests.slice(before).filter((r) => r.model === 'priced-model' && r.status === 200).length;
    const byStep = Object.fromEntries(run.job.steps.filter((s) => (PARALLEL as readonly string[]).includes(s.step)).map((s) => [s.step, { status: s.status, costUsd: s.costUsd, error: s.error?.slice(0, 60) ?? null }]));
    console.log(`parallel budget: estimates ${PARALLEL.map((s) => `${s} $${est[s]!.estimatedUsd.toFixed(4)} (cost $${est[s]!.costUsd.toFixed(4)})`).join(', ')}; budget $${budget.toFixed(4)}, largest call estimate $${maxEstimate.toFixed(4)}, `
      + `all three unbudgeted $${unbudgeted.toFixed(4)}; budgeted run spent $${spent.toFixed(4)} in ${sent} priced calls `
      + `(bound $${(budget + maxEstimate).toFixed(4)})\n${JSON.stringify(byStep)}`);

    expect(unbudgeted).toBeGreaterThan(budget + maxEstimate); // the old behaviour would break the bound
    expect(spent).toBeLessThanOrEqual(budget + maxEstimate);
    expect(sent).toBeLessThan(3);
    expect(run.job.status).toBe('failed');
    const refused = run.job.steps.filter((s) => s.status === 'failed' && /budget exceeded/.test(s.error ?? ''));
    expect(refused.length).toBeGreaterThanOrEqual(1);
    // the step and the ledger agree on what was spent
    const recorded = run.job.steps.filter((s) => (PARALLEL as readonly string[]).includes(s.step)).reduce((sum, s) => sum + s.costUsd, 0);
    expect(recorded).toBeCloseTo(spent, 8);
  }, 200_000);
});
