/**
 * Cost before you run: POST /v1/estimates and `interview-flow estimate` give calls, tokens and
 * cost per step for the configured models; then the same interviews run through the real
 * pipeline against the OpenAI protocol server (which counts tokens with the o200k tokenizer,
 * like OpenAI) and the estimate is compared with what the ledger recorded.
 */
import { randomUUID } from 'node:crypto';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Estimate } from '../../src/domain/estimate.js';
import { creatives } from '../support/creatives.js';
import { isSynthesisTask } from './support/fake-synthesis-brain.js';
import { startFakeOpenAI, type FakeLlmServer } from '../support/fake-openai.js';
import { createHarness, http, type Harness } from '../support/harness.js';
import { exitCode, spawnCli } from '../support/spawn-cli.js';
import { waitForSynthesis } from '../support/synthesis-fixtures.js';

const STEPS = ['evidence', 'insights', 'personas', 'answers'] as const;
/** The per-interview steps, then the project's synthesis (its own model here). */
const ALL_STEPS = [...STEPS, 'synthesis'];
const QUESTIONS = ['How do they use AI in their creative work?', 'What worries them about AI?'];

describe('estimates (ANALYZER=baml)', () => {
  let server: FakeLlmServer;
  let h: Harness;
  const env = { ANALYZER: 'baml', LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-test', LLM_MODEL: 'gpt-4.1', LLM_MODEL_EVIDENCE: 'gpt-4o-mini', LLM_MODEL_SYNTHESIS: 'gpt-4o', SYNTHESIS_DEBOUNCE_MS: '3600000' };

  beforeAll(async () => {
    server = await startFakeOpenAI({ countTokens });
    h = await createHarness({ env: { ...env, LLM_BASE_URL: server.url } });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await server?.close();
  }, 60_000);

  it('refuses bad input with the error shape and calls no provider', async () => {
    const cases: unknown[] = [{}, { transcript: '' }, { transcript: 'AI: only the interviewer speaks?' , interviewers: ['AI'] }, { interviews: [], questions: [] }, { transcript: 'x', interviews: [{ transcript: 'y' }] }];
    for (const body of cases) {
      const res = await http(h.baseUrl, 'POST', '/v1/estimates', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    expect(server.requests).toHaveLength(0);
  });

  it('estimates, then a run records close to it', async () => {
    const transcripts = [creatives()[5]!.text, creatives()[6]!.text];
    const res = await http(h.baseUrl, 'POST', '/v1/estimates', {
      interviews: transcripts.map((t) => ({ transcript: t, interviewers: ['AI', 'Assistant'] })), questions: QUESTIONS,
    });
    expect(res.status).toBe(200);
    const estimate = res.body as Estimate;
    expect(server.requests).toHaveLength(0); // nothing was sent to get it
    expect(estimate.interviews).toBe(2);
    expect(estimate.steps.map((s) => s.step)).toEqual(ALL_STEPS);
    expect(estimate.steps.find((s) => s.step === 'evidence')!.model).toBe('gpt-4o-mini');
    const synth = estimate.steps.find((s) => s.step === 'synthesis')!;
    expect(synth).toMatchObject({ model: 'gpt-4o', tokenCount: 'o200k_base', basis: expect.stringMatching(/^per project: /) });
    // themes, one answer per question, personas: one batch each for two interviews
    expect(synth.calls).toBe(2 + QUESTIONS.length);
    expect(estimate.total.costUsd).toBeGreaterThan(0);

    const projectId = randomUUID();
    const recorded = Object.fromEntries(STEPS.map((s) => [s, { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 }]));
    for (const text of transcripts) {
      const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: text, interviewers: ['AI', 'Assistant'], questions: QUESTIONS, projectId });
      expect(created.status).toBe(202);
      const job = await h.waitForJob(created.body.analysisJobId, (j) => j.status === 'completed' || j.status === 'failed', 90_000);
      expect(job.status).toBe('completed');
      for (const row of await h.rt.store.llmSpendByStep(job.interviewId)) {
        const r = recorded[row.step]!;
        r.calls += row.calls;
        r.inputTokens += row.inputTokens;
        r.outputTokens += row.outputTokens;
        r.costUsd += row.costUsd;
      }
    }
    const table = STEPS.map((step) => {
      const e = estimate.steps.find((s) => s.step === step)!;
      const r = recorded[step]!;
      return `  ${step.padEnd(9)} calls ${e.calls}/${r.calls}  input ${e.inputTokens}/${r.inputTokens}  output ${e.outputTokens}/${r.outputTokens}  cost $${e.costUsd.toFixed(4)}/$${r.costUsd.toFixed(4)}`;
    });
    const totalRecorded = STEPS.reduce((s, step) => s + recorded[step]!.costUsd, 0);
    const perInterviewEstimated = STEPS.reduce((s, step) => s + estimate.steps.find((e) => e.step === step)!.costUsd, 0);
    console.log(`estimate vs recorded (estimated/recorded), 2 interviews, gpt-4o-mini evidence, gpt-4.1 others:\n${table.join('\n')}\n`
      + `  per-interview steps' cost $${perInterviewEstimated.toFixed(4)}/$${totalRecorded.toFixed(4)} (ratio ${(perInterviewEstimated / totalRecorded).toFixed(2)})`);

    const ev = estimate.steps.find((s) => s.step === 'evidence')!;
    expect(ev.calls).toBe(recorded.evidence!.calls);
    // the evidence prompts are rendered and counted exactly as sent (chat framing aside)
    expect(Math.abs(ev.inputTokens - recorded.evidence!.inputTokens) / recorded.evidence!.inputTokens).toBeLessThan(0.02);
    for (const step of STEPS) expect(estimate.steps.find((s) => s.step === step)!.calls, step).toBe(recorded[step]!.calls);
    const ratio = perInterviewEstimated / totalRecorded;
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);

    // the project's synthesis of the two, with its own model, against the estimate's figure
    const sent = server.requests.length;
    expect((await http(h.baseUrl, 'POST', `/v1/projects/${projectId}/synthesize`, {})).status).toBe(202);
    const view = await waitForSynthesis(h.rt.store, h.rt.queues.get('synthesize'), projectId, 2, 90_000);
    const run = (await h.rt.store.listSynthesisRuns(projectId)).find((r) => r.id === view.committedRun!.id)!;
    const synthCalls = server.requests.slice(sent).filter((r) => isSynthesisTask(r.task));
    expect(synthCalls.length).toBe(run.usage.calls);
    expect(new Set(synthCalls.map((r) => r.model))).toEqual(new Set(['gpt-4o']));
    const answered = view.answers.filter((a) => a.status !== 'not_enough_evidence').length;
    console.log(`synthesis estimated/recorded: calls ${synth.calls}/${run.usage.calls} (${answered} of ${QUESTIONS.length} questions answerable), `
      + `input ${synth.inputTokens}/${run.usage.inputTokens}, output ${synth.outputTokens}/${run.usage.outputTokens}, cost $${synth.costUsd.toFixed(4)}/$${run.costUsd.toFixed(4)}`);
    // a question with too little evidence makes no call: the estimate counts every question
    expect(run.usage.calls).toBe(2 + answered);
    const inputRatio = synth.inputTokens / (run.usage.inputTokens ?? 0);
    expect(inputRatio).toBeGreaterThan(0.33);
    expect(inputRatio).toBeLessThan(3);
    // the whole run: every step and the synthesis
    const all = estimate.total.costUsd / (totalRecorded + run.costUsd);
    console.log(`  whole run cost $${estimate.total.costUsd.toFixed(4)}/$${(totalRecorded + run.costUsd).toFixed(4)} (ratio ${all.toFixed(2)})`);
    expect(all).toBeGreaterThan(0.5);
    expect(all).toBeLessThan(2);
  }, 200_000);

  it('`interview-flow estimate` prints per-step figures for a folder of transcripts', async () => {
    const before = server.requests.length;
    const child = spawnCli(['estimate', 'examples/', '--json'], { ...env, LLM_BASE_URL: server.url });
    expect(await exitCode(child)).toBe(0);
    const out = JSON.parse(child.output().slice(child.output().indexOf('{'))) as Estimate;
    expect(out.interviews).toBe(3);
    expect(out.steps.map((s) => s.step)).toEqual(ALL_STEPS);
    expect(out.steps.every((s) => s.calls > 0 && s.tokenCount === 'o200k_base')).toBe(true);
    // nothing sent by the estimate (the harness's workers may still be synthesising the first
    // test's project, which calls the model: those requests are not the estimate's)
    expect(server.requests.slice(before).filter((r) => !isSynthesisTask(r.task))).toHaveLength(0);
  }, 120_000);
});
