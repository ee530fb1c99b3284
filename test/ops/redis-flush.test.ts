import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createHarness, http, type Harness } from '../support/harness.js';
import { spawnCli } from '../support/spawn-cli.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { integrity, interviewTexts, waitAllCompleted } from './support/integrity.js';

/**
 * Redis loses everything while runs are in flight, twice: FLUSHALL, then the server killed and
 * restarted empty. Two worker processes run the steps and the reconciler; nobody resumes
 * anything. Every run must complete, with no output written twice and no step run twice.
 */
describe('Redis flushed and restarted with runs in flight', () => {
  let redis: PrivateRedis;
  let h: Harness;
  const workers: ChildProcess[] = [];
  const env = {
    LOCAL_ANALYZER_DELAY_MS: '600',
    RECONCILE_EVERY_MS: '1000',
    RECONCILE_GRACE_MS: '3000',
  };

  beforeAll(async () => {
    redis = await startPrivateRedis();
    h = await createHarness({ env: { ...env, REDIS_URL: redis.url }, workers: false });
    for (let i = 0; i < 2; i++) workers.push(spawnCli(['worker'], h.env));
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await h?.close();
    await redis?.stop();
  });

  const submit = async (n: number) => {
    const texts = interviewTexts();
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: texts[i % texts.length], questions: ['What slows them down?'] });
      expect(res.status).toBe(202);
      ids.push(res.body.analysisJobId);
    }
    return ids;
  };

  it('completes every run with no human action, 0 duplicates, 0 steps run twice', async () => {
    const first = await submit(6);
    // FLUSHALL once some runs are midway (a step committed, others still queued or running)
    await h.waitForJob(first[0]!, (j) => j.completedSteps.includes('evidence'), 60_000);
    await redis.flushAll();

    // more runs, then the server dies and comes back empty
    const second = await submit(4);
    await h.waitForJob(second[0]!, (j) => j.completedSteps.includes('transcribe'), 60_000);
    await redis.restart();

    const figures = await waitAllCompleted(h.databaseUrl, 10, 150_000);
    console.log('[redis-flush] figures', JSON.stringify(figures));
    expect(figures.byStatus).toEqual({ completed: 10 });
    expect(figures.duplicateEvidence).toBe(0);
    expect(figures.duplicateLinks).toBe(0);
    expect(figures.stepsCommittedTwice).toBe(0);
    expect(figures.stepsStartedTwice).toBe(0);
    expect(figures.analyticsEvents).toBe(10);
    // the reconciler did rebuild lost runs (otherwise nothing could have finished them)
    expect(figures.runs).toBeGreaterThan(10);
    const after = await integrity(h.databaseUrl);
    expect(after.starts).toBe(60); // 10 interviews x 6 steps, each started exactly once
  }, 240_000);
});
