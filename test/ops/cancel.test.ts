import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { exitCode, spawnCli } from '../support/spawn-cli.js';
import { bullJobId } from '../../src/flows/bull-job-ids.js';
import { interviewTexts } from './support/integrity.js';

/**
 * Cancelling a run: the running step is aborted through its AbortSignal (not left to finish),
 * pending jobs are removed, the run is recorded `cancelled`, and a resume completes it later.
 */
describe('cancel', () => {
  let h: Harness;
  // a 30 s analyzer call: if cancel did not abort it, the step would still be running
  beforeAll(async () => { h = await createHarness({ env: { LOCAL_ANALYZER_DELAY_MS: '30000' } }); });
  afterAll(async () => { await h?.close(); });

  it('POST /v1/analysis-jobs/:id/cancel aborts the running step, removes pending jobs; resume opens a new run with the unfinished steps', async () => {
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: interviewTexts()[1], questions: ['What do they value?'] });
    const id = created.body.analysisJobId;
    await h.waitForJob(id, (j) => j.currentStep === 'evidence' && j.status === 'running', 60_000);

    const t0 = Date.now();
    const res = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/cancel`);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ analysisJobId: id, runNo: 1, status: 'cancelled' });

    const job = await h.rt.store.getAnalysisJob(id);
    expect(job!.status).toBe('cancelled');
    expect(job!.steps.find((s) => s.step === 'evidence')).toMatchObject({ status: 'failed', error: 'cancelled' });

    // the running evidence job was aborted (failed with 'cancelled'), long before its 30 s call ended
    const evidence = h.rt.queues.get('evidence');
    let state = '';
    while (Date.now() - t0 < 20_000) {
      state = await (await evidence.getJob(bullJobId(id, 1, 'evidence')))?.getState() ?? 'missing';
      if (state === 'failed' || state === 'missing') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(['failed', 'missing']).toContain(state);
    expect(Date.now() - t0).toBeLessThan(20_000);
    // the pending parents (fanout, finalize) are gone from Redis
    expect(await h.rt.queues.get('finalize').getJob(bullJobId(id, 1, 'finalize'))).toBeUndefined();
    expect(await h.rt.queues.get('fanout').getJob(bullJobId(id, 1, 'fanout'))).toBeUndefined();

    // nothing live any more: a second cancel is refused
    const again = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('not_live');

    // resumable later: a new run with the steps that did not complete
    const resumed = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/resume`, {});
    expect(resumed.status).toBe(202);
    expect(resumed.body.runNo).toBe(2);
    expect(resumed.body.steps).not.toContain('transcribe');
    expect(resumed.body.steps).toContain('evidence');
    // cancel that one too, then check the unknown id and bad id answers
    const c2 = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/cancel`);
    expect(c2.status).toBe(202);
    expect(c2.body.runNo).toBe(2);
    expect((await http(h.baseUrl, 'POST', '/v1/analysis-jobs/00000000-0000-4000-8000-00000000abcd/cancel')).status).toBe(404);
    const bad = await http(h.baseUrl, 'POST', '/v1/analysis-jobs/not-a-uuid/cancel');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBeTruthy();
  }, 120_000);

  it('interview-flow cancel <id> cancels from the command line and says when nothing is live', async () => {
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: interviewTexts()[2] });
    const id = created.body.analysisJobId;
    await h.waitForJob(id, (j) => j.currentStep === 'evidence' && j.status === 'running', 60_000);
    const cli = spawnCli(['cancel', id], h.env);
    expect(await exitCode(cli)).toBe(0);
    expect(cli.output()).toContain(`analysis job ${id}: run 1 cancelled`);
    expect((await h.rt.store.getAnalysisJob(id))!.status).toBe('cancelled');

    const again = spawnCli(['cancel', id], h.env);
    expect(await exitCode(again)).toBe(1);
    expect(again.output()).toMatch(/nothing to cancel: the analysis job is cancelled/);
    const bad = spawnCli(['cancel', 'nope'], h.env);
    expect(await exitCode(bad)).toBe(2);
  }, 120_000);
});
