import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { creatives } from '../support/creatives.js';
import { StaleRunError } from '../../src/domain/run-errors.js';

describe('run fencing and one live run per interview', () => {
  let h: Harness;
  // no workers: runs stay queued, so they are live
  beforeAll(async () => { h = await createHarness({ workers: false }); });
  afterAll(async () => { await h?.close(); });

  it('refuses a second start while a run is live (409), supersedes on request, fences the old run', async () => {
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: creatives()[4]!.text });
    const id = created.body.analysisJobId;
    const conflict = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/resume`, {});
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('run_active');

    const superseded = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/resume`, { supersede: true });
    expect(superseded.status).toBe(202);
    expect(superseded.body.runNo).toBe(2);
    // the superseded run's jobs were removed from Redis
    expect(await h.rt.queues.get('finalize').getJob(`${id}.r1.finalize`)).toBeUndefined();
    expect(await h.rt.queues.get('transcribe').getJob(`${id}.r1.transcribe`)).toBeUndefined();

    // a step job of run 1 (e.g. retried from the dashboard) can neither start nor write
    await expect(h.rt.store.startStep(id, 1, 'transcribe')).rejects.toBeInstanceOf(StaleRunError);
    await expect(h.rt.store.commitStep(id, 1, 'finalize', { summary: 'stale' })).rejects.toBeInstanceOf(StaleRunError);
    await expect(h.rt.store.failStep(id, 1, 'evidence', 'x', true)).rejects.toBeInstanceOf(StaleRunError);
    const job = await h.rt.store.getAnalysisJob(id);
    expect(job!.currentRun).toBe(2);
    expect(job!.steps).toHaveLength(0);

    // the current run still writes
    expect(await h.rt.store.startStep(id, 2, 'transcribe')).toMatchObject({ completed: false, analysisJob: { analysisJobId: id, currentRun: 2 } });
  });
});

describe('a run whose flow was lost from Redis', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness({ workers: false }); });
  afterAll(async () => { await h?.close(); });

  it('is rebuilt from the database by a plain resume, and completes', async () => {
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: creatives()[10]!.text });
    const id = created.body.analysisJobId;
    // while its jobs are in Redis the run is live
    expect((await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/resume`, {})).status).toBe(409);
    // Redis loses everything (flush, failover without AOF)
    await h.loseRedis();
    const resumed = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/resume`, {});
    expect(resumed.status).toBe(202);
    expect(resumed.body.runNo).toBe(2);
    h.startWorkers();
    const done = await h.waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed');
    expect(done.status, done.error ?? '').toBe('completed');
    expect(done.currentRun).toBe(2);
  });
});
