/**
 * A provider 429 in the middle of an LLM synthesis: the call waits its Retry-After and is sent
 * again, so the calls already paid for are not repeated by a failed job's next attempt. Past
 * those in-call waits, the synthesize job is delayed without using an attempt (as the
 * per-interview steps are), through the real job on real Redis/Postgres.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { isSynthesisTask } from './support/fake-synthesis-brain.js';
import { studyInterviews, waitForSynthesis } from '../support/synthesis-fixtures.js';
import { SynthesisOutput } from '../../src/domain/synthesis.js';
import { startFakeOpenAI, type FakeLlmServer } from '../support/fake-openai.js';
import { synthesisInput } from '../support/synthesis-input.js';
import { analyzerFor, recordingContext } from './support/harness.js';

describe('LLM synthesis under a provider rate limit', () => {
  let server: FakeLlmServer;
  beforeAll(async () => { server = await startFakeOpenAI({ latencyMs: 50 }); });
  afterAll(async () => { await server?.close(); });

  it('a 429 mid-run waits its Retry-After and resends that call; no paid call is repeated', async () => {
    const input = synthesisInput({ interviews: 60, unitsPerParticipant: 10, seed: 21 });
    const analyzer = analyzerFor('openai', server, 'gpt-4o-mini', { contextTokens: 8192 });
    server.requests.length = 0;
    const clean = SynthesisOutput.parse(await analyzer.synthesize(input, recordingContext()));
    const cleanCalls = server.requests.length;
    expect(cleanCalls).toBeGreaterThan(6);

    server.requests.length = 0;
    const ctx = recordingContext();
    const run = analyzer.synthesize(input, ctx);
    while (server.requests.length < 4) await new Promise((r) => setTimeout(r, 5));
    server.inject({ kind: 'rate-limit', retryAfterSeconds: 1 }, 2);
    const started = Date.now();
    const out = SynthesisOutput.parse(await run);
    const limited = server.requests.filter((r) => r.status === 429).length;
    expect(limited).toBe(2);
    // every call answered once, plus the two refused ones resent
    expect(server.requests.filter((r) => r.status === 200).length).toBe(cleanCalls);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // it did wait the Retry-After
    const details = ctx.usages.at(-1)!.details as { parts: Record<string, { waits: number }> };
    expect(Object.values(details.parts).reduce((s, p) => s + p.waits, 0)).toBe(2);
    expect(out.themes.map((t) => [t.name, t.participants])).toEqual(clean.themes.map((t) => [t.name, t.participants]));
    expect(out.answers.map((a) => a.status)).toEqual(clean.answers.map((a) => a.status));
  }, 60_000);
});

describe('the synthesize job under a provider rate limit past the in-call waits', () => {
  let server: FakeLlmServer;
  let h: Harness;
  const projectId = randomUUID();
  beforeAll(async () => {
    server = await startFakeOpenAI();
    h = await createHarness({
      env: {
        ANALYZER: 'baml', LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-test', LLM_BASE_URL: server.url, LLM_MODEL: 'gpt-4o-mini',
        // one synthesis call at a time (the faults all hit the first), a single attempt, and no
        // synthesis until the test asks for it
        LLM_SYNTHESIS_CONCURRENCY: '1', QUEUE_SYNTHESIZE_ATTEMPTS: '1', SYNTHESIS_DEBOUNCE_MS: '3600000',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('a call refused more often than it may wait delays the job by Retry-After; no attempt used, the next run commits', async () => {
    for (const iv of studyInterviews(2)) {
      const res = await http(h.baseUrl, 'POST', '/v1/interviews', { ...iv, projectId, interviewers: ['AI', 'Assistant'], questions: ['What worries them about AI?'] });
      expect(res.status).toBe(202);
      await h.waitForJob(res.body.analysisJobId, (j) => j.status === 'completed', 90_000);
    }
    // the first synthesis call: refused once and on each of its 5 in-call resends
    server.inject({ kind: 'rate-limit', retryAfterSeconds: 1 }, 6);
    const forced = await http(h.baseUrl, 'POST', `/v1/projects/${projectId}/synthesize`, {});
    expect(forced.status).toBe(202);
    const view = await waitForSynthesis(h.rt.store, h.rt.queues.get('synthesize'), projectId, 2, 90_000);
    expect(view.committedRun).toBeTruthy();
    expect(server.requests.filter((r) => r.status === 429)).toHaveLength(6);
    expect(server.requests.filter((r) => isSynthesisTask(r.task) && r.status === 200).length).toBeGreaterThan(0);

    // the refused run ended as a wait; the same job (one attempt allowed) ran again and committed
    const runs = (await http(h.baseUrl, 'GET', `/v1/projects/${projectId}/synthesis-runs`)).body.runs as Array<{ status: string; error: string | null; bullJobId?: string }>;
    expect(runs.map((r) => r.status).sort()).toEqual(['completed', 'waiting']);
    expect(runs.find((r) => r.status === 'waiting')!.error).toMatch(/rate limited.*without using an attempt/);
    const queue = h.rt.queues.get('synthesize');
    expect(await queue.getJobCounts('completed', 'failed')).toEqual({ completed: 1, failed: 0 });
  }, 240_000);
});
