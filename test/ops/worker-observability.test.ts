import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createHarness, http, type Harness } from '../support/harness.js';
import { spawnCli } from '../support/spawn-cli.js';
import { freePort } from '../support/private-redis.js';
import { bullJobId } from '../../src/flows/bull-job-ids.js';
import { interviewTexts } from './support/integrity.js';
import { LOG_FLUSH_MS } from '../../src/ops/logger.js';

/** A worker process's own port (/metrics, /healthz, /readyz), its JSON logs and job.log lines. */
describe('worker observability', () => {
  let h: Harness;
  let worker: ChildProcess & { output(): string };
  let port: number;
  beforeAll(async () => {
    h = await createHarness({ workers: false });
    port = await freePort();
    worker = spawnCli(['worker'], { ...h.env, METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1', LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await h?.close();
  });

  it('serves probes and Prometheus metrics, logs every step line with its ids, and writes job.log', async () => {
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: interviewTexts()[0], questions: ['What slows them down?'] });
    const id = created.body.analysisJobId;
    const interviewId = created.body.interviewId;
    const done = await h.waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 120_000);
    expect(done.status).toBe('completed');

    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', redis: 'ok' });
    const text = await (await fetch(`${base}/metrics`)).text();
    for (const step of ['transcribe', 'evidence', 'insights', 'personas', 'answers', 'finalize']) {
      expect(text).toMatch(new RegExp(`iflow_step_duration_seconds_count\\{step="${step}",outcome="completed"\\} 1\\b`));
      expect(text).toMatch(new RegExp(`iflow_step_attempts_total\\{step="${step}"\\} 1\\b`));
    }
    expect(text).toMatch(/iflow_queue_jobs\{queue="evidence",state="completed"\} 1\b/);
    expect(text).toMatch(/iflow_queue_oldest_waiting_seconds\{queue="evidence"\} 0\b/);
    expect(text).toContain('iflow_process_');
    expect((await fetch(`${base}/nothing`)).status).toBe(404);

    // JSON lines on stderr: every step line carries the run's ids (written in batches: the last
    // ones reach stderr up to LOG_FLUSH_MS after the run completed)
    const flushed = Date.now() + 10 * LOG_FLUSH_MS;
    while (!worker.output().includes('"finalize committed"') && Date.now() < flushed) await new Promise((r) => setTimeout(r, LOG_FLUSH_MS));
    const lines = worker.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const stepLines = lines.filter((l) => l.analysisJobId === id && l.jobId);
    // nothing else logged about this run (the reconciler has nothing to do for a healthy run)
    expect(lines.filter((l) => l.analysisJobId === id && !l.jobId).map((l) => `${l.msg} ${l.err ?? ''}`)).toEqual([]);
    expect(stepLines.map((l) => l.msg)).toEqual(expect.arrayContaining(['evidence started', 'evidence committed', 'finalize committed']));
    for (const l of stepLines) {
      expect(l).toMatchObject({ analysisJobId: id, interviewId, runNo: 1, attempt: 1 });
      expect(typeof l.step).toBe('string');
    }
    // and the same key lines on the job, for Bull Board
    const { logs } = await h.rt.queues.get('evidence').getJobLogs(bullJobId(id, 1, 'evidence'));
    expect(logs.some((l) => l.includes('evidence started'))).toBe(true);
    expect(logs.some((l) => l.includes('evidence committed'))).toBe(true);
  }, 180_000);
});
