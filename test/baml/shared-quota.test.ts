/**
 * Provider quotas shared by every worker process: three `interview-flow worker` processes
 * analyse interviews with ANALYZER=baml against the OpenAI protocol server, which enforces
 * 60 requests and 20,000 tokens per "minute" like a provider (token buckets, prompt tokens
 * counted with the o200k tokenizer, 429 with Retry-After and x-ratelimit-* headers on a
 * violation). The minute is 6 s on both sides (LLM_QUOTA_WINDOW_MS and the server's window) so
 * several minutes pass in under a minute. Expected: no 429 at all, and at least 90% of the
 * binding quota used while there was work.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creatives } from '../support/creatives.js';
import { startFakeOpenAI, type FakeLlmServer } from '../support/fake-openai.js';
import { createHarness, http, type Harness } from '../support/harness.js';
import { exitCode, spawnCli } from '../support/spawn-cli.js';

const WINDOW_MS = 6_000;
const RPM = 60;
const TPM = 20_000;
// enough queued work that the quota, not the pipeline, is the bottleneck until near the end
const INTERVIEWS = 16;
const WORKERS = 3;

describe('provider quota shared by three worker processes', () => {
  let server: FakeLlmServer;
  let h: Harness;
  const workers: Array<ReturnType<typeof spawnCli>> = [];

  beforeAll(async () => {
    server = await startFakeOpenAI({ countTokens, quota: { rpm: RPM, tpm: TPM, windowMs: WINDOW_MS } });
    const llmEnv = {
      ANALYZER: 'baml', LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-test', LLM_BASE_URL: server.url, LLM_MODEL: 'gpt-4o-mini',
      SYNTHESIS_DEBOUNCE_MS: '3600000', // the project synthesis (LLM calls too) held back: this test counts and faults per-interview calls
      LLM_QUOTA_RPM: String(RPM), LLM_QUOTA_TPM: String(TPM), LLM_QUOTA_WINDOW_MS: String(WINDOW_MS),
      // waits longer than half a window free the worker: the step becomes a delayed job
      LLM_QUOTA_MAX_WAIT_MS: String(WINDOW_MS / 2),
    };
    h = await createHarness({ env: llmEnv, workers: false });
    for (let i = 0; i < WORKERS; i++) workers.push(spawnCli(['worker'], { ...h.env, ...llmEnv }));
    // tsx start-up of three processes is slow on a loaded machine
    const deadline = Date.now() + 180_000;
    while (!workers.every((w) => w.output().includes('interview-flow worker'))) {
      if (Date.now() > deadline || workers.some((w) => w.exitCode !== null)) {
        throw new Error(`workers did not start:\n${workers.map((w) => w.output()).join('\n---\n')}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 200_000);

  afterAll(async () => {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => exitCode(w)));
    await h?.close();
    await server?.close();
  }, 60_000);

  it('sends no request over the quota and uses at least 90% of it', async () => {
    const jobs: string[] = [];
    for (let i = 0; i < INTERVIEWS; i++) {
      const created = await http(h.baseUrl, 'POST', '/v1/interviews', {
        transcript: creatives()[8 + i]!.text, interviewers: ['AI', 'Assistant'], questions: ['What tools do they use?'],
      });
      expect(created.status).toBe(202);
      jobs.push(created.body.analysisJobId);
    }
    for (const id of jobs) {
      const job = await h.waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 180_000);
      expect(job.error).toBeNull();
      expect(job.status).toBe('completed');
    }
    const quota = server.quota!;
    const f = quota.figures();
    // a token bucket starts full and refills one limit per window
    const usedRequests = f.requests / (RPM * (1 + f.windows));
    const usedTokens = f.tokens / (TPM * (1 + f.windows));
    const perMinute = (x: number) => Math.round(x);
    console.log(`shared quota, ${WORKERS} worker processes, ${INTERVIEWS} interviews, window ${WINDOW_MS} ms as the provider's minute:\n`
      + `  server saw ${f.requests} requests and ${f.tokens} tokens over ${f.windows.toFixed(2)} windows: `
      + `${perMinute(f.requestsPerWindow)} requests/min and ${perMinute(f.tokensPerWindow)} tokens/min on average `
      + `(limits ${RPM} and ${TPM}); busiest sliding minute ${f.peakRequests} requests, ${f.peakTokens} tokens\n`
      + `  violations (429): ${quota.violations}; quota used: requests ${(usedRequests * 100).toFixed(1)}%, tokens ${(usedTokens * 100).toFixed(1)}%`);
    if (quota.violations > 0) console.log('refused:', JSON.stringify(quota.refusals));
    expect(quota.violations).toBe(0);
    expect(server.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(Math.max(usedRequests, usedTokens)).toBeGreaterThanOrEqual(0.9);
  }, 240_000);
});
