/**
 * Requests-per-minute limit per LLM queue, shared by every worker process through Redis
 * (BullMQ's limiter, QUEUE_EVIDENCE_RATE_LIMIT_PER_MINUTE): two `interview-flow worker`
 * processes, a limit of 2 per minute on the evidence queue, four interviews; the fake provider
 * must never see more than 2 evidence requests in any 60-second window. Takes about 70 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creatives } from '../support/creatives.js';
import { startFakeOpenAI, type FakeLlmServer } from '../support/fake-openai.js';
import { createHarness, http, type Harness } from '../support/harness.js';
import { exitCode, spawnCli } from '../support/spawn-cli.js';

const LIMIT = 2;
const INTERVIEWS = 4;

describe('LLM rate limit across two worker processes', () => {
  let server: FakeLlmServer;
  let h: Harness;
  const workers: Array<ReturnType<typeof spawnCli>> = [];

  beforeAll(async () => {
    server = await startFakeOpenAI();
    const llmEnv = {
      ANALYZER: 'baml', LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-test', LLM_BASE_URL: server.url, LLM_MODEL: 'gpt-4o-mini',
      SYNTHESIS_DEBOUNCE_MS: '3600000', // the project synthesis (LLM calls too) held back: this test counts and faults per-interview calls
      QUEUE_EVIDENCE_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    };
    h = await createHarness({ env: llmEnv, workers: false });
    for (let i = 0; i < 2; i++) workers.push(spawnCli(['worker'], { ...h.env, ...llmEnv }));
    // both processes are up and consuming before anything is submitted
    const deadline = Date.now() + 60_000;
    while (!workers.every((w) => w.output().includes('interview-flow worker'))) {
      if (Date.now() > deadline || workers.some((w) => w.exitCode !== null)) {
        throw new Error(`workers did not start:\n${workers.map((w) => w.output()).join('\n---\n')}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 90_000);

  afterAll(async () => {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => exitCode(w)));
    await h?.close();
    await server?.close();
  }, 60_000);

  it(`never sends more than ${LIMIT} evidence requests in any minute`, async () => {
    const jobs: string[] = [];
    for (let i = 0; i < INTERVIEWS; i++) {
      const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: creatives()[20 + i]!.text, interviewers: ['AI', 'Assistant'] });
      expect(created.status).toBe(202);
      jobs.push(created.body.analysisJobId);
    }
    for (const id of jobs) {
      const job = await h.waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 120_000);
      expect(job.status).toBe('completed');
    }
    const times = server.requests.filter((r) => r.task === 'evidence').map((r) => r.at).sort((a, b) => a - b);
    expect(times).toHaveLength(INTERVIEWS);
    // the first window is used in full, the rest waits for the next one
    expect(times[LIMIT - 1]! - times[0]!).toBeLessThan(10_000);
    const gaps: number[] = [];
    for (let i = 0; i + LIMIT < times.length; i++) gaps.push(times[i + LIMIT]! - times[i]!);
    console.log(`evidence requests at +${times.map((t) => t - times[0]!).join(' ms, +')} ms; gaps of ${LIMIT} requests: ${gaps.join(', ')} ms`);
    // any N+1 consecutive requests span a minute: the limiter spaces job STARTS, and a job's
    // request leaves a little after its start (prompt rendering, a loaded machine), so the gap
    // between requests may fall short of 60 s by that much
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(58_000);
  }, 180_000);
});
