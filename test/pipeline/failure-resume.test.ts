import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job } from 'bullmq';
import { createHarness, http, type Harness } from '../support/harness.js';
import { creatives } from '../support/creatives.js';
import { CountingAnalyzer } from '../support/counting-analyzer.js';
import { bullJobId } from '../../src/flows/bull-job-ids.js';

const env = { QUEUE_INSIGHTS_ATTEMPTS: '2', QUEUE_INSIGHTS_BACKOFF_MS: '50' };
const failedAt = (step: string) => (j: { status: string; steps: { step: string; status: string }[] }) =>
  j.status === 'failed' && j.steps.some((s) => s.step === step && s.status === 'failed');

describe('a step that exhausts its attempts', () => {
  let h: Harness;
  const analyzer = new CountingAnalyzer();
  beforeAll(async () => { h = await createHarness({ env, overrides: { analyzer } }); });
  afterAll(async () => { await h?.close(); });

  it('shows the failed step; resume completes it without re-running finished steps', async () => {
    analyzer.failing.add('generateInsights');
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: creatives()[2]!.text, questions: ['What do they fear?'] });
    const id = created.body.analysisJobId;
    const failed = await h.waitForJob(id, failedAt('insights'));
    const step = failed.steps.find((s) => s.step === 'insights')!;
    expect(step.attempts).toBe(2);
    expect(step.error).toContain('injected generateInsights failure');
    expect(failed.error).toContain('insights');
    expect(analyzer.calls.generateInsights).toBe(2);

    // a live-run check: the failed run is not live, so resume is allowed
    analyzer.failing.clear();
    const before = { ...analyzer.calls };
    const resumed = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/resume`, {});
    expect(resumed.status).toBe(202);
    expect(resumed.body.runNo).toBe(2);
    expect(resumed.body.steps).toEqual(['insights', 'finalize']);
    const done = await h.waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed');
    expect(done.status).toBe('completed');
    expect(analyzer.calls.extractEvidence).toBe(before.extractEvidence);
    expect(analyzer.calls.assignPersonas).toBe(before.assignPersonas);
    expect(analyzer.calls.attributeAnswers).toBe(before.attributeAnswers);
    expect(analyzer.calls.generateInsights).toBe(before.generateInsights + 1);
    // transcribe and evidence ran once, in run 1 only
    expect(done.steps.filter((s) => s.step === 'transcribe' || s.step === 'evidence').map((s) => s.runNo)).toEqual([1, 1]);

    // resuming a completed job has nothing to do; resumeFrom re-runs that step and its dependents
    expect((await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/resume`, {})).status).toBe(409);
    const again = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/resume`, { resumeFrom: 'answers' });
    expect(again.status).toBe(202);
    expect(again.body.steps).toEqual(['answers', 'finalize']);
    expect((await h.waitForJob(id, (j) => j.status === 'completed' && j.currentRun === 3)).completedSteps).toHaveLength(6);
  });

  it('Bull Board retry (job.retry("failed")) continues the same flow to the end', async () => {
    analyzer.failing.add('generateInsights');
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: creatives()[3]!.text });
    const id = created.body.analysisJobId;
    await h.waitForJob(id, failedAt('insights'));
    analyzer.failing.clear();

    const job = await Job.fromId(h.rt.queues.get('insights'), bullJobId(id, 1, 'insights'));
    expect(await job!.getState()).toBe('failed');
    expect(job!.attemptsMade).toBe(2);
    // one stack trace per failure in Bull Board, not one per attempt
    expect(job!.stacktrace).toHaveLength(1);
    expect(job!.stacktrace?.[0]).toContain('injected generateInsights failure');
    await job!.retry('failed');
    const done = await h.waitForJob(id, (j) => j.status === 'completed');
    expect(done.currentRun).toBe(1);
    expect(done.completedSteps).toHaveLength(6);
  });
});

describe('a step that hangs past its deadline', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { QUEUE_EVIDENCE_TIMEOUT_MS: '1000', QUEUE_EVIDENCE_ATTEMPTS: '1', LOCAL_ANALYZER_DELAY_MS: '5000' } });
  });
  afterAll(async () => { await h?.close(); });

  it('fails the attempt with a deadline error instead of holding the worker', async () => {
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: creatives()[7]!.text });
    const failed = await h.waitForJob(created.body.analysisJobId, failedAt('evidence'), 20_000);
    expect(failed.steps.find((s) => s.step === 'evidence')!.error).toMatch(/exceeded its 1000 ms deadline/);
  });
});
