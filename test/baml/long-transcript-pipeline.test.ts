/**
 * The 100,000-character transcript through the real pipeline with ANALYZER=baml: API ->
 * BullMQ -> six steps -> Postgres, against the fake OpenAI server. Prints the LLM calls, tokens
 * and cost per step as the store recorded them (GET /v1/analysis-jobs/:id).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeLlmServer } from '../support/fake-openai.js';
import { createHarness, http, type Harness } from '../support/harness.js';
import { longTranscript } from './support/harness.js';

describe('a 100,000-character transcript through the pipeline (ANALYZER=baml)', () => {
  let server: FakeLlmServer;
  let h: Harness;
  beforeAll(async () => {
    server = await startFakeOpenAI({ cachedTokens: 0 });
    h = await createHarness({
      env: {
        ANALYZER: 'baml', LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-test', LLM_BASE_URL: server.url,
        LLM_MODEL: 'gpt-4.1', LLM_MODEL_EVIDENCE: 'gpt-4o-mini',
        SYNTHESIS_DEBOUNCE_MS: '3600000', // the project synthesis (LLM calls too) held back: this test counts and faults per-interview calls
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('completes, with batched evidence and usage per step equal to what the server saw', async () => {
    const long = await longTranscript(100_000);
    expect(long.text.length).toBeGreaterThanOrEqual(100_000);
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', {
      transcript: long.text, interviewers: ['AI', 'Assistant'],
      questions: ['How do creative professionals use AI tools?', 'What worries them about AI?'],
    });
    expect(created.status).toBe(202);
    const job = await h.waitForJob(created.body.analysisJobId, (j) => j.status === 'completed' || j.status === 'failed', 60_000);
    expect(job.error).toBeNull();
    expect(job.status).toBe('completed');

    const rows: Record<string, unknown> = {};
    for (const step of ['evidence', 'insights', 'personas', 'answers'] as const) {
      const s = job.steps.find((x) => x.step === step)!;
      const reqs = server.requests.filter((r) => r.task === step);
      expect(s.llmCalls, step).toBe(reqs.length);
      expect(s.tokens.input, step).toBe(reqs.reduce((a, r) => a + r.usage.inputTokens, 0));
      expect(s.tokens.output, step).toBe(reqs.reduce((a, r) => a + r.usage.outputTokens, 0));
      rows[step] = { calls: s.llmCalls, model: s.model, inputTokens: s.tokens.input, outputTokens: s.tokens.output, costUsd: s.costUsd };
    }
    expect((rows.evidence as { calls: number }).calls).toBeGreaterThan(1); // batched
    const report = (await http(h.baseUrl, 'GET', `/v1/interviews/${job.interviewId}`)).body;
    expect(report.evidence.length).toBeGreaterThan(20);
    console.log(`100k transcript through the pipeline (${long.text.length} chars, ${long.interviews} interviews joined), evidence stored ${report.evidence.length}:`);
    console.log(JSON.stringify({ ...rows, total: job.usage }, null, 2));
  });
});
