import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createHarness, http, type Harness } from '../support/harness.js';
import { CountingAnalyzer } from '../support/counting-analyzer.js';
import { reconcile } from '../../src/ops/reconciler.js';
import { silentLogger } from '../../src/ops/logger.js';
import { Metrics } from '../../src/ops/metrics.js';
import { interviewTexts } from './support/integrity.js';
import { notifyAnalysisJobFailed } from '../../src/flows/notify-failed.js';

/**
 * The reconciler and resume on the states a database outage or a lost Redis leave behind. The
 * states are produced for real (a step that fails for good, Redis keys deleted), and where only
 * the database write of a failure is "missed", that write is undone in SQL: exactly what a
 * fail_step lost to an outage leaves.
 */
describe('reconciler and resume after missed writes', () => {
  let h: Harness;
  let db: pg.Client;
  let receiver: Server;
  let hookUrl: string;
  /** Webhook bodies received by a local endpoint. */
  const received: { type: string; data: Record<string, unknown> }[] = [];
  const analyzer = new CountingAnalyzer();
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { received.push(JSON.parse(body)); res.writeHead(200).end('ok'); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    // loopback webhook targets allowed (the test mode of the URL policy)
    h = await createHarness({ env: { QUEUE_INSIGHTS_ATTEMPTS: '1', QUEUE_WEBHOOKS_BACKOFF_MS: '100' }, overrides: { analyzer, transcriberOptions: { allowLoopback: true } } });
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await h?.close();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  });
  const deps = (metrics?: Metrics) => ({
    store: h.rt.store, queues: h.rt.queues, queueConfig: h.rt.config.queues, log: silentLogger, metrics, graceMs: 0,
  });

  /** Runs an interview until insights fails for good, then "forgets" that failure in the database. */
  async function runWithMissedFailure(): Promise<string> {
    analyzer.failing.add('generateInsights');
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: interviewTexts()[3], questions: ['What slows them down?'] });
    const id = created.body.analysisJobId;
    await h.waitForJob(id, (j) => j.status === 'failed', 60_000);
    // wait for the siblings to finish, so only the failed child holds the parents
    await h.waitForJob(id, (j) => j.steps.filter((s) => s.status === 'completed').length === 4, 60_000);
    await db.query(`update analysis_steps set status = 'running', error = null, finished_at = null where analysis_job_id = $1 and step = 'insights'`, [id]);
    await db.query(`update analysis_jobs set status = 'running', error = null where id = $1`, [id]);
    analyzer.failing.delete('generateInsights');
    return id;
  }

  it('resume treats a run whose only live jobs are parents waiting on a failed child as resumable', async () => {
    const id = await runWithMissedFailure();
    const res = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${id}/resume`, {});
    expect(res.status).toBe(202); // before: 409 run_active
    expect(res.body.steps).toEqual(['insights', 'finalize']);
    // the failure BullMQ knew about was written to the run it happened in
    const step = (await db.query(`select status, error from analysis_steps where analysis_job_id = $1 and run_no = 1 and step = 'insights'`, [id])).rows[0];
    expect(step.status).toBe('failed');
    expect(step.error).toContain('injected generateInsights failure');
    const done = await h.waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 60_000);
    expect(done.status).toBe('completed');
  }, 180_000);

  it('the reconciler writes a failure the database missed, and leaves the run failed (not rebuilt)', async () => {
    const id = await runWithMissedFailure();
    // registered now: the worker's failure record (undone above, as an outage leaves it) sent it nothing
    const hook = await http(h.baseUrl, 'POST', '/v1/webhooks', { url: hookUrl, events: ['analysis_job.failed'] });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const metrics = new Metrics({ defaultMetrics: false });
    const report = await reconcile(deps(metrics));
    expect(report.failuresRecorded).toBe(1);
    expect(report.rebuilt).toEqual([]);
    const job = await h.rt.store.getAnalysisJob(id);
    expect(job!.status).toBe('failed');
    expect(job!.error).toContain('injected generateInsights failure');
    expect(await metrics.text()).toMatch(/iflow_reconciler_actions_total\{action="failure_recorded"\} 1/);
    // a second pass has nothing left to do
    const again = await reconcile(deps());
    expect(again.failuresRecorded).toBe(0);

    // the failure it recorded is delivered like one the worker records: once for the run
    const failures = () => received.filter((b) => b.type === 'analysis_job.failed' && b.data.analysisJobId === id);
    for (let i = 0; i < 150 && failures().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(failures()).toHaveLength(1);
    expect(failures()[0]!.data).toMatchObject({ status: 'failed', runNo: 1, failedStep: 'insights', error: expect.stringContaining('injected generateInsights failure') });
    // the worker's late record of the same failure (or any further one) sends nothing more; the
    // delivery counts as pending until the webhooks worker has recorded the response, so wait for that
    const delivered = async () => (await db.query(`select count(*)::int as n from webhook_deliveries where event = 'analysis_job.failed' and payload->'data'->>'analysisJobId' = $1 and status = 'delivered'`, [id])).rows[0].n;
    for (let i = 0; i < 150 && (await delivered()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await notifyAnalysisJobFailed(deps(), { analysisJobId: id, runNo: 1, step: 'insights' })).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(failures()).toHaveLength(1);
  }, 180_000);

  it('rebuilds a run lost from Redis, but only once its running step is past its deadline', async () => {
    h.workers && (await h.workers.close());
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: interviewTexts()[4] });
    const id = created.body.analysisJobId;
    // a worker took transcribe and died with Redis: the step row says running, nothing in Redis
    await h.rt.store.startStep(id, 1, 'transcribe');
    await h.loseRedis();

    const first = await reconcile(deps());
    expect(first.rebuilt).toEqual([]); // the step may still be finishing on a live worker
    expect(first.lostSteps).toBe(0);

    const q = h.rt.config.queues.transcribe;
    await db.query(`update analysis_steps set attempt_started_at = now() - make_interval(secs => $2) where analysis_job_id = $1`,
      [id, (q.timeoutMs + q.lockDurationMs) / 1000 + 5]);
    const second = await reconcile(deps());
    expect(second.lostSteps).toBe(1);
    expect(second.rebuilt).toEqual([id]);
    const job = await h.rt.store.getAnalysisJob(id);
    expect(job!.currentRun).toBe(2);

    h.startWorkers();
    const done = await h.waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 60_000);
    expect(done.status).toBe('completed');
  }, 180_000);
});
