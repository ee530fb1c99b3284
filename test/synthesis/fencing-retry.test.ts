import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createHarness, http, type Harness } from '../support/harness.js';
import { CountingAnalyzer } from '../support/counting-analyzer.js';
import { studyInterviews, waitForSynthesis } from '../support/synthesis-fixtures.js';
import { StaleRunError } from '../../src/domain/run-errors.js';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import { createSynthesizeProcessor } from '../../src/processors/synthesize.js';
import { createRedisConnection } from '../../src/queues/connection.js';
import type { Analyzer } from '../../src/ports/analyzer.js';

describe('synthesis runs: fencing, crash and retry', () => {
  let h: Harness;
  const analyzer = new CountingAnalyzer();
  const projectId = randomUUID();
  const N = 3;
  const settle = (timeoutMs = 60_000) => waitForSynthesis(h.rt.store, h.rt.queues.get('synthesize'), projectId, N, timeoutMs);

  beforeAll(async () => {
    h = await createHarness({
      workers: false,
      overrides: { analyzer },
      env: { QUEUE_SYNTHESIZE_ATTEMPTS: '1', QUEUE_SYNTHESIZE_LOCK_MS: '2000', SYNTHESIS_DEBOUNCE_MS: '300' },
    });
    const w = h.startWorkers();
    for (const iv of studyInterviews(N)) {
      const res = await http(h.baseUrl, 'POST', '/v1/interviews', { ...iv, projectId, questions: ['How do they use AI tools?'], interviewers: ['AI', 'Assistant'] });
      await h.waitForJob(res.body.analysisJobId, (j) => j.status === 'completed', 90_000);
    }
    await settle();
    await w.close();
  }, 180_000);
  afterAll(async () => { await h?.close(); });

  it('an older generation can never overwrite a newer one', async () => {
    const { store } = h.rt;
    const input = await store.loadSynthesisInput(projectId);
    const output = { ...synthesizeLocal(input), stats: { interviews: input.interviews.length, evidence: input.evidence.length } };
    const older = await store.beginSynthesis(projectId, { bullJobId: 'fence-a', trigger: 'manual', analyzer: 'test' });
    const newer = await store.beginSynthesis(projectId, { bullJobId: 'fence-b', trigger: 'manual', analyzer: 'test' });
    expect(newer.generation).toBe(older.generation + 1);
    await store.commitSynthesis(newer.runId, output);
    const stale = { ...output, themes: output.themes.map((t) => ({ ...t, name: `STALE ${t.name}` })) };
    await expect(store.commitSynthesis(older.runId, stale)).rejects.toBeInstanceOf(StaleRunError);
    const view = (await store.getProjectSynthesis(projectId))!;
    expect(view.committedRun!.generation).toBe(newer.generation);
    expect(view.themes.map((t) => t.name)).toEqual(output.themes.map((t) => t.name));
    const runs = await store.listSynthesisRuns(projectId);
    expect(runs.find((r) => r.id === older.runId)!.status).toBe('superseded');
    // committing the newer one again is a no-op, not a second write
    expect(await store.commitSynthesis(newer.runId, output)).toMatchObject({ alreadyCommitted: true });
  });

  it('a worker dying mid-synthesis leaves the previous synthesis readable; the job is re-delivered and completes', async () => {
    const before = (await h.rt.store.getProjectSynthesis(projectId))!;
    let entered!: () => void;
    const inside = new Promise<void>((r) => { entered = r; });
    const hanging: Analyzer = { ...analyzer, name: 'hanging', synthesize: async () => { entered(); return new Promise(() => {}); } } as Analyzer;
    const doomed = new Worker('synthesize', createSynthesizeProcessor({ store: h.rt.store, analyzer: hanging }, { timeoutMs: 600_000 }), {
      connection: createRedisConnection(h.config.redisUrl), prefix: h.config.queuePrefix, lockDuration: 2_000, stalledInterval: 1_000,
    });
    expect((await http(h.baseUrl, 'POST', `/v1/projects/${projectId}/synthesize`)).status).toBe(202);
    await inside;
    const during = (await h.rt.store.getProjectSynthesis(projectId))!;
    expect(during.latestRun!.status).toBe('running');
    expect(during.committedRun!.generation).toBe(before.committedRun!.generation);
    expect(during.themes).toEqual(before.themes);
    await doomed.close(true); // the process dies: no more lock renewals, nothing recorded
    const w = h.startWorkers();
    try {
      const after = await settle(60_000);
      expect(after.committedRun!.generation).toBeGreaterThan(during.latestRun!.generation);
      const abandoned = (await h.rt.store.listSynthesisRuns(projectId)).find((r) => r.id === during.latestRun!.id)!;
      expect(abandoned.status).toBe('failed');
      expect(abandoned.error).toMatch(/abandoned/);
    } finally {
      await w.close();
    }
  }, 90_000);

  it('a failed synthesis is recorded, keeps the previous one, and Bull Board retry runs it again', async () => {
    const before = (await h.rt.store.getProjectSynthesis(projectId))!;
    analyzer.failing.add('synthesize');
    const w = h.startWorkers();
    try {
      const posted = await http(h.baseUrl, 'POST', `/v1/projects/${projectId}/synthesize`);
      const job = (await h.rt.queues.get('synthesize').getJob(posted.body.jobId))!;
      const deadline = Date.now() + 30_000;
      while ((await job.getState()) !== 'failed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await job.getState()).toBe('failed');
      const failed = (await h.rt.store.getProjectSynthesis(projectId))!;
      expect(failed.latestRun!.status).toBe('failed');
      expect(failed.latestRun!.error).toContain('injected synthesize failure');
      expect(failed.committedRun!.generation).toBe(before.committedRun!.generation);
      expect(failed.themes).toEqual(before.themes);

      analyzer.failing.delete('synthesize');
      await job.retry('failed'); // what Bull Board's Retry button does
      const after = await settle();
      expect(after.committedRun!.generation).toBe(failed.latestRun!.generation + 1);
      expect(after.themes.map((t) => t.name)).toEqual(before.themes.map((t) => t.name));
    } finally {
      analyzer.failing.delete('synthesize');
      await w.close();
    }
  }, 90_000);
});
