import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { startWorkers, type StepWorkers } from '../../src/worker/step-workers.js';
import { createHarness, http, type Harness } from '../support/harness.js';
import { CountingAnalyzer } from '../support/counting-analyzer.js';
import { startRedisCluster, type LocalRedisCluster } from '../support/redis-cluster.js';
import { integrity, interviewTexts, waitAllCompleted } from './support/integrity.js';

/**
 * A real Redis Cluster (3 masters, 3 replicas, started here) behind the API and two worker
 * runtimes (REDIS_CLUSTER_NODES, ioredis Cluster, the hash-tagged queue prefix). A first run
 * completes; then the master serving the queues' slot is SIGKILLed while a second run is in
 * flight, its replica takes over, and the second run and a third one submitted after the
 * failover complete with nothing lost, written twice, or paid twice.
 */
describe('Redis Cluster: a full flow, then a master failover', () => {
  let cluster: LocalRedisCluster;
  let h: Harness;
  const runtimes: Runtime[] = [];
  const workers: StepWorkers[] = [];
  const analyzer = new CountingAnalyzer({ delayMs: 400 });

  beforeAll(async () => {
    cluster = await startRedisCluster();
    const env = { REDIS_CLUSTER_NODES: cluster.nodes.join(','), RECONCILE_EVERY_MS: '1000', RECONCILE_GRACE_MS: '3000' };
    h = await createHarness({ env, workers: false });
    for (let i = 0; i < 2; i++) {
      const rt = await createRuntime(loadConfig(h.env), { analyzer });
      runtimes.push(rt);
      workers.push(startWorkers(rt));
    }
  }, 60_000);
  afterAll(async () => {
    // a client of a cluster that lost a node can take long to close: each close is bounded, and
    // one that does not finish is named (the processes go with the cluster below)
    const bounded = async (what: string, close: () => Promise<unknown>) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<string>((r) => { timer = setTimeout(() => r('late'), 15_000); });
      const outcome = await Promise.race([close().then(() => 'ok', () => 'failed'), late]);
      clearTimeout(timer);
      if (outcome !== 'ok') console.warn(`[redis-cluster] cleanup: ${what} ${outcome}`);
    };
    for (const [i, w] of workers.entries()) await bounded(`workers ${i}`, () => w.close(5_000));
    for (const [i, rt] of runtimes.entries()) await bounded(`runtime ${i}`, () => rt.close());
    if (h) await bounded('harness', () => h.close());
    await cluster?.stop();
  }, 90_000);

  const submit = async (text: string) => {
    const res = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: text, questions: ['What slows them down?'] });
    expect(res.status).toBe(202);
    return res.body.analysisJobId as string;
  };

  it('runs every step through the cluster and survives losing the queues\' master', async () => {
    expect(h.config.redis.kind).toBe('cluster');
    const texts = interviewTexts();
    const prefix = h.config.queuePrefix;
    const t0 = Date.now();

    const first = await submit(texts[0]!);
    expect((await h.waitForJob(first, (j) => j.status === 'completed' || j.status === 'failed', 45_000)).status).toBe('completed');
    // the queues' keys really are in the cluster, on the master of the prefix's slot
    const master = await cluster.masterOf(prefix);
    expect(cluster.ports).toContain(master);

    // kill that master while the second run is midway
    const second = await submit(texts[1]!);
    await h.waitForJob(second, (j) => j.completedSteps.includes('evidence') || j.currentStep === 'evidence', 30_000);
    const atKill = await h.rt.store.getAnalysisJob(second);
    await cluster.kill(master);
    const killedAt = Date.now();
    const promoted = await cluster.waitForFailover(prefix, master);
    const failoverMs = Date.now() - killedAt;

    const third = await submit(texts[2]!);
    const figures = await waitAllCompleted(h.databaseUrl, 3, 60_000);
    // Not asserted: whether a queue idle through the failover (synthesize, whose debounced job
    // is delayed) takes jobs again. In 2 of 9 runs here its worker ran nothing within 30 s after the
    // failover (open, see the README's Redis Cluster paragraph); the figures print its calls.
    const after = await integrity(h.databaseUrl);
    console.log('[redis-cluster] figures', JSON.stringify({
      ...figures, killedMaster: master, promoted, secondAtKill: atKill?.completedSteps, failoverMs, analyzerCalls: analyzer.calls, totalMs: Date.now() - t0,
    }));
    expect(atKill?.status, 'the second run was in flight when its master died').toBe('running');
    expect(promoted).not.toBe(master);
    expect(figures.byStatus).toEqual({ completed: 3 });
    for (const id of [first, second, third]) expect((await h.rt.store.getAnalysisJob(id))?.status).toBe('completed');
    expect(figures.duplicateEvidence).toBe(0);
    expect(figures.duplicateLinks).toBe(0);
    expect(figures.stepsCommittedTwice).toBe(0);
    expect(figures.analyticsEvents).toBe(3);
    // no step's body ran twice, and no analyzer (LLM) call was paid twice
    expect(figures.stepsStartedTwice).toBe(0);
    expect(after.starts).toBe(18);
    expect(analyzer.calls).toMatchObject({ extractEvidence: 3, generateInsights: 3, assignPersonas: 3, attributeAnswers: 3 });
  }, 90_000);
});
