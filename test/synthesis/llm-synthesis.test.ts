/**
 * The synthesize job with ANALYZER=baml (real BAML runtime, real Redis/BullMQ/Postgres) against
 * the fake OpenAI server, which cites ids that do not exist: they are dropped and counted on the
 * run (visible in GET /v1/projects/:id/synthesis), and the run's usage and cost are what the
 * server reported for the synthesis calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createHarness, http, type Harness } from '../support/harness.js';
import { startFakeOpenAI, type FakeLlmServer } from '../support/fake-openai.js';
import { isSynthesisTask } from '../baml/support/fake-synthesis-brain.js';
import { studyInterviews, waitForSynthesis } from '../support/synthesis-fixtures.js';

const PRICE = { input: 0.15, output: 0.6 }; // gpt-4o-mini, USD per 1M tokens (no cached tokens here)
const N = 3;

describe('synthesis with ANALYZER=baml', () => {
  let server: FakeLlmServer;
  let h: Harness;
  const projectId = randomUUID();

  beforeAll(async () => {
    server = await startFakeOpenAI();
    h = await createHarness({
      env: {
        ANALYZER: 'baml', LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-test', LLM_BASE_URL: server.url, LLM_MODEL: 'gpt-4o-mini',
        SYNTHESIS_DEBOUNCE_MS: '300',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('commits cited, counted output; invented ids dropped and counted on the run; usage and cost recorded per run', async () => {
    expect(h.rt.analyzer.name).toBe('baml');
    for (const iv of studyInterviews(N)) {
      const res = await http(h.baseUrl, 'POST', '/v1/interviews', {
        ...iv, projectId, interviewers: ['AI', 'Assistant'],
        questions: ['How do creative professionals use AI tools in their work?', 'What worries them about AI?'],
      });
      expect(res.status).toBe(202);
      await h.waitForJob(res.body.analysisJobId, (j) => j.status === 'completed', 90_000);
    }
    const view = await waitForSynthesis(h.rt.store, h.rt.queues.get('synthesize'), projectId, N, 90_000);
    const got = await http(h.baseUrl, 'GET', `/v1/projects/${projectId}/synthesis`);
    expect(got.status).toBe(200);
    const run = got.body.committedRun;
    expect(run.analyzer).toBe('baml');
    expect(run.droppedCitations).toBeGreaterThan(0); // the fake cites ids that were never given
    expect(run.usage.details.droppedCitations).toBe(run.droppedCitations); // all of them by the analyzer; none got past it

    // themes and answers rest on evidence the project holds, counted from the links
    expect(view.themes.length).toBeGreaterThan(0);
    for (const t of view.themes) expect(t.participants).toBeGreaterThanOrEqual(2);
    for (const a of got.body.answers) {
      const cited = new Set(a.citations.map((c: { evidenceId: string }) => c.evidenceId));
      for (const s of a.sentences) {
        expect(s.evidenceIds.length).toBeGreaterThan(0);
        for (const id of s.evidenceIds) expect(cited.has(id)).toBe(true);
      }
    }

    // usage: every synthesis call the server answered is on a run, priced as reported
    const calls = server.requests.filter((r) => isSynthesisTask(r.task));
    expect(calls.length).toBeGreaterThan(0);
    const runs = (await http(h.baseUrl, 'GET', `/v1/projects/${projectId}/synthesis-runs`)).body.runs as Array<{ usage: { calls: number; inputTokens: number; outputTokens: number }; costUsd: number }>;
    const sum = (f: (r: (typeof runs)[number]) => number) => runs.reduce((s, r) => s + f(r), 0);
    expect(sum((r) => r.usage.calls)).toBe(calls.length);
    const input = calls.reduce((s, r) => s + r.usage.inputTokens, 0);
    const output = calls.reduce((s, r) => s + r.usage.outputTokens, 0);
    expect(sum((r) => r.usage.inputTokens)).toBe(input);
    expect(sum((r) => r.usage.outputTokens)).toBe(output);
    expect(sum((r) => r.costUsd)).toBeCloseTo((input * PRICE.input + output * PRICE.output) / 1e6, 8);
    console.log(`[llm synthesis] ${runs.length} run(s), ${calls.length} synthesis calls, ${run.droppedCitations} invented ids dropped on the committed run, $${sum((r) => r.costUsd).toFixed(6)}`);
  }, 240_000);
});
