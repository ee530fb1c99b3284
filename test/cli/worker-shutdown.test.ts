import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { creatives } from '../support/creatives.js';
import { exitCode, spawnCli } from '../support/spawn-cli.js';

describe('interview-flow worker', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness({ env: { LOCAL_ANALYZER_DELAY_MS: '1500' }, workers: false }); });
  afterAll(async () => { await h?.close(); });

  it('drains the active step on SIGTERM, then exits 0', async () => {
    const worker = spawnCli(['worker', '--queues', 'transcribe,evidence'], h.env);
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: creatives()[6]!.text });
    const id = created.body.analysisJobId;
    await h.waitForJob(id, (j) => j.currentStep === 'evidence' && j.status === 'running', 30_000);
    worker.kill('SIGTERM');
    expect(await exitCode(worker)).toBe(0);
    // the step in flight was finished and committed before the process left
    const job = await h.rt.store.getAnalysisJob(id);
    expect(job!.steps.find((s) => s.step === 'evidence')).toMatchObject({ status: 'completed', attempts: 1 });
    expect(worker.output()).toContain('draining');
  });

  it('refuses unknown queues and the embedded database with a clear message', async () => {
    const bad = spawnCli(['worker', '--queues', 'transcribe,dance'], h.env);
    expect(await exitCode(bad)).toBe(2);
    expect(bad.output()).toContain('unknown queue(s): dance');
    const { DATABASE_URL: _omit, ...withoutDb } = h.env;
    const embedded = spawnCli(['worker'], { ...withoutDb, DATABASE_URL: '' });
    expect(await exitCode(embedded)).toBe(2);
    expect(embedded.output()).toMatch(/needs a shared database/);
  });

  it('stops at start on a bad setting, naming the variable', async () => {
    const bad = spawnCli(['worker'], { ...h.env, QUEUE_EVIDENCE_CONCURRENCY: 'lots' });
    expect(await exitCode(bad)).toBe(2);
    expect(bad.output()).toContain('QUEUE_EVIDENCE_CONCURRENCY');
  });

  it('stops at start, in one line, without Redis or with ANALYZER=baml but no provider', async () => {
    const noRedis = spawnCli(['worker'], { ...h.env, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(await exitCode(noRedis)).toBe(1);
    expect(noRedis.output()).toMatch(/^interview-flow: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 .*set REDIS_URL$/m);
    const noLlm = spawnCli(['worker'], { ...h.env, ANALYZER: 'baml' });
    expect(await exitCode(noLlm)).toBe(1);
    expect(noLlm.output()).toMatch(/^interview-flow: ANALYZER=baml is not configured: LLM_PROVIDER is required/m);
    expect(noLlm.output()).not.toMatch(/\n\s+at /);
  });
});
