/**
 * Edge cases of failure and recovery found in review: each once left a run stuck or finished
 * it wrongly. Real Redis, BullMQ and Postgres throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { creatives } from '../support/creatives.js';
import { CountingAnalyzer } from '../support/counting-analyzer.js';
import { Worker } from 'bullmq';
import { bullJobId } from '../../src/flows/bull-job-ids.js';
import { runBullJobs } from '../../src/flows/plan.js';
import type { AnalysisJobView } from '../../src/ports/store.js';

const settled = (j: AnalysisJobView) => j.status === 'completed' || j.status === 'failed';

describe('recovery edge cases', () => {
  let h: Harness;
  const analyzer = new CountingAnalyzer();
  beforeAll(async () => {
    h = await createHarness({
      env: { QUEUE_INSIGHTS_ATTEMPTS: '1', QUEUE_PERSONAS_ATTEMPTS: '3', QUEUE_PERSONAS_BACKOFF_MS: '1500' },
      overrides: { analyzer },
    });
  });
  afterAll(async () => { await h?.close(); });

  async function submit(i: number): Promise<string> {
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: creatives()[20 + i]!.text });
    expect(created.status).toBe(202);
    return created.body.analysisJobId;
  }

  async function remainingJobs(id: string, runNo: number): Promise<string[]> {
    const left: string[] = [];
    for (const { queue, jobId } of runBullJobs(id, runNo)) {
      const job = await h.rt.queues.get(queue).getJob(jobId);
      if (job) left.push(`${queue}:${await job.getState()}`);
    }
    return left;
  }

  it('a sibling retrying after a final failure does not make the job look running again', async () => {
    analyzer.failing.add('generateInsights');
    analyzer.failNext.set('assignPersonas', 1);
    const id = await submit(0);
    await h.waitForJob(id, (j) => j.steps.some((s) => s.step === 'personas' && s.status === 'completed')
      && j.steps.some((s) => s.step === 'insights' && s.status === 'failed'));
    const job = await h.rt.store.getAnalysisJob(id);
    expect(job!.status).toBe('failed');
    expect(job!.error).toContain('insights');
    analyzer.failing.clear();
    const resumed = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/resume`, {});
    expect(resumed.status).toBe(202);
    expect(resumed.body.steps).toEqual(['insights', 'finalize']);
    expect((await h.waitForJob(id, settled)).status).toBe('completed');
    // the superseded run left nothing behind in Redis
    expect(await remainingJobs(id, 1)).toEqual([]);
  });

  it('two concurrent resumes: one wins, the other gets 409', async () => {
    analyzer.failing.add('generateInsights');
    const id = await submit(1);
    await h.waitForJob(id, settled);
    analyzer.failing.clear();
    const results = await Promise.all([1, 2].map(() => http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/resume`, {})));
    expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => r.body))).toEqual([202, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('run_active');
    const done = await h.waitForJob(id, settled);
    expect(done.status).toBe('completed');
    expect(done.currentRun).toBe(2);
  });

  it('removing a failed step in Bull Board (clean) cannot finalize the run without it', async () => {
    analyzer.failing.add('generateInsights');
    const id = await submit(2);
    await h.waitForJob(id, settled);
    await h.rt.queues.get('insights').clean(0, 100, 'failed');
    // the released parents run, but finalize refuses: the run fails instead of claiming success
    const failed = await h.waitForJob(id, (j) => j.steps.some((s) => s.step === 'finalize' && s.status === 'failed'));
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/steps not complete: insights/);
    expect((await h.rt.store.getInterviewReport(failed.interviewId))!.status).toBe('failed');
    analyzer.failing.clear();
    const resumed = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/resume`, {});
    expect(resumed.body.steps).toEqual(['insights', 'finalize']);
    expect((await h.waitForJob(id, settled)).status).toBe('completed');
  });
});

describe('a job that stalls more often than allowed', () => {
  // no worker of ours has run yet: BullMQ runs one stall check per queue per interval, and
  // ours (30 s) would keep the stalling worker's own checks from running in time
  let h: Harness;
  beforeAll(async () => { h = await createHarness({ workers: false }); });
  afterAll(async () => { await h?.close(); });

  it('is failed by BullMQ without running it, and that is recorded as the step failing', async () => {
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: creatives()[23]!.text });
    const id = created.body.analysisJobId;
    // a real stalled worker: it takes the transcribe job and never finishes nor renews its lock
    // (a blocked event loop, a lost network). Its own stall check finds the lapsed lock and puts
    // the job back; it takes it again; the second stall is over its limit of one, so BullMQ
    // marks the job to fail on its next pick-up. With both its slots hung it cannot take it a
    // third time, so our worker picks it up, and that is what the store must hear of.
    const hung = new Worker('transcribe', () => new Promise<never>(() => {}), {
      connection: h.rt.connection, prefix: h.config.queuePrefix, concurrency: 2,
      lockDuration: 500, stalledInterval: 500, maxStalledCount: 1, skipLockRenewal: true,
    });
    hung.on('error', () => {}); // its late lock checks fail once it is closed: expected
    const stalls: string[] = [];
    hung.on('stalled', (jobId) => stalls.push(jobId));
    const job = () => h.rt.queues.get('transcribe').getJob(bullJobId(id, 1, 'transcribe'));
    const deadline = Date.now() + 30_000;
    while (!(await job())?.deferredFailure && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await hung.close(true);
    expect(stalls).toEqual([bullJobId(id, 1, 'transcribe'), bullJobId(id, 1, 'transcribe')]);
    expect((await job())!.deferredFailure).toMatch(/stalled more than allowable limit/);
    h.startWorkers();
    const failed = await h.waitForJob(id, settled);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/stalled more than allowable limit/);
    const resumed = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/resume`, {});
    expect(resumed.status).toBe(202);
    expect((await h.waitForJob(id, settled)).status).toBe('completed');
  });
});
