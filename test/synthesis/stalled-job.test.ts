import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createHarness, http, type Harness } from '../support/harness.js';
import { CountingAnalyzer } from '../support/counting-analyzer.js';
import { studyInterviews, waitForSynthesis } from '../support/synthesis-fixtures.js';
import { createSynthesizeProcessor } from '../../src/processors/synthesize.js';
import { createRedisConnection } from '../../src/queues/connection.js';
import type { Analyzer } from '../../src/ports/analyzer.js';
import { reconcile } from '../../src/ops/reconciler.js';

/**
 * A synthesize job whose worker dies, with no stalls allowed (QUEUE_SYNTHESIZE_MAX_STALLED=0):
 * BullMQ fails it as "job stalled more than allowable limit" in the next worker without running
 * the processor. Its synthesis run must be recorded failed, not left running.
 */
describe('a synthesize job failed by stalling', () => {
  let h: Harness;
  const analyzer = new CountingAnalyzer();
  const projectId = randomUUID();

  beforeAll(async () => {
    h = await createHarness({
      workers: false,
      overrides: { analyzer },
      env: { QUEUE_SYNTHESIZE_ATTEMPTS: '3', QUEUE_SYNTHESIZE_LOCK_MS: '1000', QUEUE_SYNTHESIZE_MAX_STALLED: '0', SYNTHESIS_DEBOUNCE_MS: '200' },
    });
    const w = h.startWorkers();
    const [iv] = studyInterviews(1);
    const res = await http(h.baseUrl, 'POST', '/v1/interviews', { ...iv!, projectId, questions: ['How do they use AI tools?'], interviewers: ['AI', 'Assistant'] });
    await h.waitForJob(res.body.analysisJobId, (j) => j.status === 'completed', 60_000);
    await waitForSynthesis(h.rt.store, h.rt.queues.get('synthesize'), projectId, 1);
    await w.close();
  }, 90_000);
  afterAll(async () => { await h?.close(); });

  it('records the run failed with the stall reason', async () => {
    let entered!: () => void;
    const inside = new Promise<void>((r) => { entered = r; });
    const hanging = { ...analyzer, name: 'hanging', synthesize: async () => { entered(); return new Promise(() => {}); } } as unknown as Analyzer;
    const doomed = new Worker('synthesize', createSynthesizeProcessor({ store: h.rt.store, analyzer: hanging }, { timeoutMs: 600_000 }), {
      // no stalled checks of its own: its first check would block every worker's checks for its
      // interval (BullMQ keeps one check per interval per queue)
      connection: createRedisConnection(h.config.redisUrl), prefix: h.config.queuePrefix, lockDuration: 1_000, skipStalledCheck: true,
    });
    const posted = await http(h.baseUrl, 'POST', `/v1/projects/${projectId}/synthesize`);
    expect(posted.status).toBe(202);
    await inside;
    const running = (await h.rt.store.getProjectSynthesis(projectId))!.latestRun!;
    expect(running.status).toBe('running');
    await doomed.close(true); // the process dies: its lock expires, nothing recorded

    const w = h.startWorkers();
    try {
      const queue = h.rt.queues.get('synthesize');
      const deadline = Date.now() + 30_000;
      let seen = '';
      for (;;) {
        const j = (await queue.getJob(posted.body.jobId))!;
        const state = await j.getState();
        const lock = await h.rt.connection.exists(`${h.config.queuePrefix}:synthesize:${j.id}:lock`);
        seen = `${state} (stalled ${j.stalledCounter}, started ${j.attemptsStarted}, made ${j.attemptsMade}, lock ${lock})`;
        if (state === 'failed' || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(seen, 'the job as last seen').toMatch(/^failed/);
      const failed = (await h.rt.queues.get('synthesize').getJob(posted.body.jobId))!;
      expect(failed.failedReason).toBe('job stalled more than allowable limit');
      // attempts were left, but a stall over the limit fails the job at once (UnrecoverableError)
      expect(failed.finishedOn).toBeGreaterThan(0);
      let run = running;
      while (run.status === 'running' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        run = (await h.rt.store.listSynthesisRuns(projectId)).find((r) => r.id === running.id)!;
      }
      expect(run.status).toBe('failed');
      expect(run.error).toBe('job stalled more than allowable limit');
      expect(run.finishedAt).not.toBeNull();
      // the failure opened no new run and the previous synthesis stays the committed one
      const view = (await h.rt.store.getProjectSynthesis(projectId))!;
      expect(view.latestRun!.id).toBe(running.id);
      expect(view.committedRun!.generation).toBe(running.generation - 1);
    } finally {
      await w.close();
    }
  }, 90_000);

  it('a run whose job is gone from Redis is failed by the reconciler (once), not left running', async () => {
    let entered!: () => void;
    const inside = new Promise<void>((r) => { entered = r; });
    const hanging = { ...analyzer, name: 'hanging', synthesize: async () => { entered(); return new Promise(() => {}); } } as unknown as Analyzer;
    const doomed = new Worker('synthesize', createSynthesizeProcessor({ store: h.rt.store, analyzer: hanging }, { timeoutMs: 600_000 }), {
      connection: createRedisConnection(h.config.redisUrl), prefix: h.config.queuePrefix, lockDuration: 1_000, skipStalledCheck: true,
    });
    const posted = await http(h.baseUrl, 'POST', `/v1/projects/${projectId}/synthesize`);
    await inside;
    const running = (await h.rt.store.getProjectSynthesis(projectId))!.latestRun!;
    expect(running.status).toBe('running');
    await doomed.close(true);
    const queue = h.rt.queues.get('synthesize');
    // Redis loses the job (flush, failover, removed by hand) once its dead worker's lock expires
    const deadline = Date.now() + 20_000;
    // (removal is refused while the lock holds)
    while ((await queue.remove(posted.body.jobId)) !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await queue.getJob(posted.body.jobId)).toBeUndefined();
    const q = h.config.queues.synthesize;
    const deps = { store: h.rt.store, queues: h.rt.queues, queueConfig: h.config.queues, log: h.rt.log, graceMs: 0 };
    // younger than the synthesize deadline plus a lock period: it might still be finishing
    expect((await reconcile(deps)).synthesisRunsFailed).toBe(0);
    const later = () => Date.now() + q.timeoutMs + q.lockDurationMs + 1_000;
    const report = await reconcile({ ...deps, now: later });
    expect(report.synthesisRunsFailed).toBe(1);
    const run = (await h.rt.store.listSynthesisRuns(projectId)).find((r) => r.id === running.id)!;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/gone from Redis.*reconciler/);
    expect((await reconcile({ ...deps, now: later })).synthesisRunsFailed).toBe(0);
  }, 60_000);
});
