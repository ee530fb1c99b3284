import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testQueuePrefix } from '../support/db.js';
import { exitCode, spawnCli } from '../support/spawn-cli.js';
import { freePort } from '../support/private-redis.js';
import { STEPS } from '../../src/domain/steps.js';
import { interviewTexts } from './support/integrity.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';

/**
 * The bundled trace exporter, end to end: `api` and `worker` run as real processes with only
 * the standard OpenTelemetry variables set (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME), and
 * a local OTLP/HTTP receiver (POST /v1/traces, JSON as the exporter sends it) collects what
 * they export. Each interview run is one trace: its request on the api, every step's span on
 * the worker.
 */
describe('OTLP trace export from the api and worker processes', () => {
  let otlp: OtlpReceiver;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let api: ReturnType<typeof spawnCli>;
  let worker: ReturnType<typeof spawnCli>;
  let baseUrl: string;

  beforeAll(async () => {
    otlp = await startOtlpReceiver();
    db = await createTestDatabase();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: db.url, QUEUE_PREFIX: testQueuePrefix(), LOG_LEVEL: 'warn', RECONCILER: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    api = spawnCli(['api'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    worker = spawnCli(['worker'], { ...env, OTEL_SERVICE_NAME: 'iflow-test-worker' });
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      if (await fetch(`${baseUrl}/healthz`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`api did not start: ${api.output()}`);
  }, 60_000);
  afterAll(async () => {
    for (const child of [api, worker]) child?.kill('SIGKILL');
    await otlp?.close();
    await db?.drop();
  });

  it('exports one trace per interview run, the api request and every step span in it', async () => {
    const texts = interviewTexts();
    const ids: string[] = [];
    for (const transcript of texts.slice(0, 2)) {
      // no traceparent: the api starts each run's trace itself
      const res = await fetch(`${baseUrl}/v1/interviews`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ transcript, questions: ['What slows them down?'] }),
      });
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { analysisJobId: string }).analysisJobId);
    }
    const stepSpans = (id: string) => otlp.spans.filter((s) => s.jobId?.split('.')[0] === id && s.name.startsWith('process '));
    const complete = (id: string) => STEPS.every((step) => stepSpans(id).some((s) => s.name === `process ${step}`));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !ids.every(complete)) await new Promise((r) => setTimeout(r, 250));

    const traceOfRun = ids.map((id) => {
      const spans = stepSpans(id);
      for (const step of STEPS) expect(spans.map((s) => s.name), `${id} ${step}`).toContain(`process ${step}`);
      expect(spans.every((s) => s.service === 'iflow-test-worker'), 'step spans come from the worker (OTEL_SERVICE_NAME)').toBe(true);
      const traces = new Set(spans.map((s) => s.traceId));
      expect(traces.size, `every step of run ${id} in one trace`).toBe(1);
      return [...traces][0]!;
    });
    expect(new Set(traceOfRun).size, 'each run its own trace').toBe(2);
    for (const traceId of traceOfRun) {
      const inTrace = otlp.spans.filter((s) => s.traceId === traceId);
      // the api's request that submitted the run, under its default service name
      expect(inTrace.some((s) => s.service === 'interview-flow-api' && s.name === 'POST /v1/interviews')).toBe(true);
      // the step bodies' SQL and analyzer calls as child spans, on the worker
      expect(inTrace.some((s) => s.service === 'iflow-test-worker' && s.name === 'sql commit_evidence')).toBe(true);
      expect(inTrace.some((s) => s.service === 'iflow-test-worker' && s.name === 'llm extractEvidence')).toBe(true);
    }
    expect(otlp.requests.every((r) => r.path === '/v1/traces' && r.contentType === 'application/json')).toBe(true);
    console.log('[otlp-export] figures', JSON.stringify({
      exportRequests: otlp.requests.length, spans: otlp.spans.length, runs: ids.length, traces: traceOfRun,
      stepSpansPerRun: ids.map((id) => stepSpans(id).length),
    }));

    // SIGTERM: the worker flushes what is still buffered and exits cleanly
    worker.kill('SIGTERM');
    expect(await exitCode(worker)).toBe(0);
  }, 90_000);
});
