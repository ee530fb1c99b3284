import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { TEST_PG_URL } from '../support/db.js';
import { exitCode, spawnCli } from '../support/spawn-cli.js';
import { STEPS } from '../../src/domain/steps.js';
import { integrity, interviewTexts, waitAllCompleted } from './support/integrity.js';
import { interruptedSteps, startedSteps } from './support/step-log.js';
import { analyzerCallsByJob, startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';

/** The figure: Postgres gone for 60 s. OPS_OUTAGE_MS shortens it for local tries only. */
const OUTAGE_MS = Number(process.env.OPS_OUTAGE_MS ?? 60_000);
const INTERVIEWS = 6;

/**
 * Postgres becomes unreachable for 60 s under two worker processes with runs in flight: every
 * connection they hold is dropped and new ones are refused (a TCP proxy in front of the real
 * server, cut by the test, so other tests sharing the server are not touched). Nobody resumes
 * anything. Every run must complete, no step may fail, and no analyzer (LLM) call may be made
 * twice: finished output waits in memory for its commit; steps that cannot start wait without
 * using attempts. The workers export their traces to a local OTLP receiver, whose `llm <method>`
 * spans count the analyzer calls; their JSON logs say which steps were in hand at the cut.
 */
describe(`Postgres unreachable for ${OUTAGE_MS / 1000} s with runs in flight`, () => {
  let h: Harness;
  let proxy: TcpProxy;
  let otlp: OtlpReceiver;
  const workers: ReturnType<typeof spawnCli>[] = [];

  beforeAll(async () => {
    h = await createHarness({ workers: false });
    otlp = await startOtlpReceiver();
    const pgUrl = new URL(TEST_PG_URL);
    proxy = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    const through = new URL(h.databaseUrl);
    through.host = `127.0.0.1:${proxy.port}`;
    for (let i = 0; i < 2; i++) {
      workers.push(spawnCli(['worker'], {
        ...h.env, DATABASE_URL: through.toString(), LOCAL_ANALYZER_DELAY_MS: '1500',
        STORE_RETRY_MAX_DELAY_MS: '4000', COMMIT_RETRY_MS: String(OUTAGE_MS + 60_000), RECONCILE_EVERY_MS: '5000',
        LOG_LEVEL: 'info', LOG_FORMAT: 'json', OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_BSP_SCHEDULE_DELAY: '500',
      }));
    }
    // both processes up before anything is submitted, so both hold steps when the database goes
    const deadline = Date.now() + 45_000;
    while (!workers.every((w) => w.output().includes('"msg":"worker started"'))) {
      if (Date.now() > deadline) throw new Error(`workers did not start: ${workers.map((w) => w.output()).join('\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 60_000);
  afterAll(async () => {
    await proxy?.restore().catch(() => {});
    for (const w of workers) w.kill('SIGKILL');
    await proxy?.close();
    await otlp?.close();
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
    // cut while analyzer calls are in flight (an evidence step started, not committed), so a
    // finished output meets a dead database
    const inFlight = () => workers.flatMap((w) => interruptedSteps(w.output()));
    const deadline = Date.now() + 60_000;
    while (!inFlight().some((k) => k.endsWith(' evidence')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    await proxy.cut();
    const inFlightAtCut = inFlight();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    // while it was down nothing could be committed, and the API still answers from its own pool
    await proxy.restore();

    const figures = await waitAllCompleted(h.databaseUrl, INTERVIEWS, 180_000);
    // the workers lived through it: still running; SIGTERM stops them cleanly and sends their last spans
    for (const w of workers) expect(w.exitCode).toBeNull();
    for (const w of workers) w.kill('SIGTERM');
    for (const w of workers) expect(await exitCode(w)).toBe(0);

    const calls = analyzerCallsByJob(otlp.spans);
    const starts = workers.flatMap((w) => startedSteps(w.output()));
    const startsPerStep = Object.fromEntries(STEPS.map((s) => [s, starts.filter((k) => k.endsWith(` ${s}`)).length]));
    console.log('[postgres-outage] figures', JSON.stringify({
      ...figures, outageMs: OUTAGE_MS, workerProcesses: workers.length, stepsInFlightAtCut: inFlightAtCut.length,
      stepStartsLogged: startsPerStep, analyzerCallsPerJob: [...new Set([...calls.values()].map((c) => JSON.stringify(Object.fromEntries(Object.entries(c).sort()))))],
    }));
    expect(inFlightAtCut.some((k) => k.endsWith(' evidence')), 'the cut hit a step mid-call').toBe(true);
    expect(figures.byStatus).toEqual({ completed: INTERVIEWS });
    expect(figures.duplicateEvidence).toBe(0);
    expect(figures.duplicateLinks).toBe(0);
    expect(figures.stepsCommittedTwice).toBe(0);
    expect(figures.runs).toBe(INTERVIEWS); // no resume, no rebuild: the runs just waited
    // 0 steps paid twice: every analyzer method ran exactly once per interview. (A step can be
    // started twice without paying twice: the cut may land after its start was recorded and
    // before its analyzer call, e.g. while evidence loads the utterances; it then waits and starts again.)
    // (the project's synthesis, which finished interviews schedule, has its own job and calls)
    for (const [job, c] of calls) if (!ids.includes(job)) expect(Object.keys(c), job).toEqual(['synthesize']);
    for (const id of ids) {
      expect(calls.get(id), id).toEqual({ extractEvidence: 1, generateInsights: 1, assignPersonas: 1, attributeAnswers: 1 });
    }
    for (const id of ids) {
      const job = await h.rt.store.getAnalysisJob(id);
      for (const s of job!.steps) expect(s.error, `${id} ${s.step}`).toBeNull();
    }
    const after = await integrity(h.databaseUrl);
    expect(after.analyticsEvents).toBe(INTERVIEWS);
  }, OUTAGE_MS + 300_000);
});
