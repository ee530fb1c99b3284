import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { TEST_PG_URL } from '../support/db.js';
import { CountingAnalyzer } from '../support/counting-analyzer.js';
import { loadConfig } from '../../src/config/index.js';
import { createRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { startWorkers, type StepWorkers } from '../../src/worker/step-workers.js';
import { integrity, interviewTexts, waitAllCompleted } from './support/integrity.js';

/** The figure: Postgres gone for 60 s. OPS_OUTAGE_MS shortens it for local tries only. */
const OUTAGE_MS = Number(process.env.OPS_OUTAGE_MS ?? 60_000);
const INTERVIEWS = 4;

/**
 * Postgres becomes unreachable for 60 s under two workers with runs in flight: every connection
 * they hold is dropped and new ones are refused (a TCP proxy in front of the real server, cut
 * by the test, so other tests sharing the server are not touched). Nobody resumes anything.
 * Every run must complete, no step may fail, and no analyzer call may be made twice: finished
 * output waits in memory for its commit; steps that cannot start wait without using attempts.
 */
describe(`Postgres unreachable for ${OUTAGE_MS / 1000} s with runs in flight`, () => {
  let h: Harness;
  let proxy: TcpProxy;
  const runtimes: Runtime[] = [];
  const workers: StepWorkers[] = [];
  const analyzer = new CountingAnalyzer({ delayMs: 1500 });

  beforeAll(async () => {
    h = await createHarness({ workers: false });
    const pgUrl = new URL(TEST_PG_URL);
    proxy = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    const through = new URL(h.databaseUrl);
    through.host = `127.0.0.1:${proxy.port}`;
    for (let i = 0; i < 2; i++) {
      const config = loadConfig({ ...h.env, DATABASE_URL: through.toString(), STORE_RETRY_MAX_DELAY_MS: '4000', COMMIT_RETRY_MS: String(OUTAGE_MS + 60_000) });
      const rt = await createRuntime(config, { analyzer });
      runtimes.push(rt);
      workers.push(startWorkers(rt));
    }
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => {});
    for (const w of workers) await w.close(5_000);
    for (const rt of runtimes) await rt.close();
    await proxy?.close();
    await h?.close();
  });

  it('completes every run with no human action, no failed step, no analyzer call made twice', async () => {
    const texts = interviewTexts();
    const ids: string[] = [];
    for (let i = 0; i < INTERVIEWS; i++) {
      const res = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: texts[i % texts.length], questions: ['What slows them down?'] });
      expect(res.status).toBe(202);
      ids.push(res.body.analysisJobId);
    }
    // cut while an analyzer call is in flight, so a finished output meets a dead database
    await h.waitForJob(ids[0]!, (j) => j.currentStep === 'evidence' && j.status === 'running', 60_000);
    await new Promise((r) => setTimeout(r, 300));
    await proxy.cut();
    const callsAtCut = { ...analyzer.calls };
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    // while it was down nothing could be committed, and the API still answers from its own pool
    await proxy.restore();

    const figures = await waitAllCompleted(h.databaseUrl, INTERVIEWS, 180_000);
    console.log('[postgres-outage] figures', JSON.stringify({ ...figures, analyzerCalls: analyzer.calls, callsAtCut, outageMs: OUTAGE_MS }));
    expect(figures.byStatus).toEqual({ completed: INTERVIEWS });
    expect(figures.duplicateEvidence).toBe(0);
    expect(figures.duplicateLinks).toBe(0);
    expect(figures.stepsCommittedTwice).toBe(0);
    expect(figures.runs).toBe(INTERVIEWS); // no resume, no rebuild: the runs just waited
    // 0 steps paid twice: every analyzer method ran exactly once per interview
    expect(analyzer.calls.extractEvidence).toBe(INTERVIEWS);
    expect(analyzer.calls.generateInsights).toBe(INTERVIEWS);
    expect(analyzer.calls.assignPersonas).toBe(INTERVIEWS);
    expect(analyzer.calls.attributeAnswers).toBe(INTERVIEWS);
    expect(callsAtCut.extractEvidence).toBeGreaterThanOrEqual(1); // the cut did hit a step mid-call
    for (const id of ids) {
      const job = await h.rt.store.getAnalysisJob(id);
      for (const s of job!.steps) expect(s.error, `${id} ${s.step}`).toBeNull();
    }
    const after = await integrity(h.databaseUrl);
    expect(after.analyticsEvents).toBe(INTERVIEWS);
  }, OUTAGE_MS + 300_000);
});
