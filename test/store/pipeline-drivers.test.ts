import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { loadConfig } from '../../src/config/index.js';
import { STEPS } from '../../src/domain/steps.js';
import { createRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { startWorkers, type StepWorkers } from '../../src/worker/step-workers.js';
import { creatives } from '../support/creatives.js';
import { createTestDatabase, testQueuePrefix } from '../support/db.js';
import { http } from '../support/harness.js';
import { signJwt, startPostgrestServer, type PostgrestServer } from '../support/postgrest-server.js';

/**
 * The whole pipeline (API → BullMQ flow → six steps → report) on the supabase-js driver and on
 * the embedded driver; the Postgres driver runs it in test/pipeline/.
 */

const JWT_SECRET = 'pipeline-drivers-test-secret-at-least-32-chars';

interface Stack { rt: Runtime; workers: StepWorkers; server: Server; baseUrl: string; cleanup(): Promise<void> }

async function startStack(env: Record<string, string>, cleanup: () => Promise<void>): Promise<Stack> {
  const config = loadConfig({ QUEUE_PREFIX: testQueuePrefix(), ...env });
  const rt = await createRuntime(config);
  const workers = startWorkers(rt);
  const server: Server = await new Promise((resolve) => {
    const s = createApp(rt).listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    rt, workers, server,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async cleanup() {
      await new Promise<void>((r) => server.close(() => r()));
      await workers.close();
      await Promise.all(rt.queues.all().map((q) => q.obliterate({ force: true }).catch(() => {})));
      await rt.close();
      await cleanup();
    },
  };
}

function pipelineOn(driver: string, open: () => Promise<Stack>) {
  describe(`full pipeline on the ${driver} driver`, () => {
    let s: Stack;
    beforeAll(async () => { s = await open(); });
    afterAll(async () => { await s?.cleanup(); });

    it('runs an interview through all six steps and reports it', async () => {
      expect(s.rt.store.driver).toBe(driver);
      const interview = creatives()[1]!;
      const created = await http(s.baseUrl, 'POST', '/v1/interviews', {
        transcript: interview.text, title: interview.id, interviewers: ['AI', 'Assistant'],
        questions: ['How do creatives use AI?', 'What worries them about AI?'],
      });
      expect(created.status).toBe(202);
      const { interviewId, analysisJobId } = created.body as { interviewId: string; analysisJobId: string };
      const deadline = Date.now() + 60_000;
      let job = await s.rt.store.getAnalysisJob(analysisJobId);
      while (Date.now() < deadline && !['completed', 'failed'].includes(job!.status)) {
        await new Promise((r) => setTimeout(r, 150));
        job = await s.rt.store.getAnalysisJob(analysisJobId);
      }
      expect(job, JSON.stringify(job && { status: job.status, error: job.error })).toMatchObject({ status: 'completed', progress: 100 });
      expect(job!.completedSteps).toEqual([...STEPS]);
      const report = await http(s.baseUrl, 'GET', `/v1/interviews/${interviewId}`);
      expect(report.status).toBe(200);
      expect(report.body.status).toBe('ready');
      expect(report.body.evidence.length).toBeGreaterThan(0);
      expect(report.body.insights.length).toBeGreaterThan(0);
      expect(report.body.answers).toHaveLength(2);
    });
  });
}

pipelineOn('supabase', async () => {
  const db = await createTestDatabase();
  const server: PostgrestServer = await startPostgrestServer({ databaseUrl: db.url, jwtSecret: JWT_SECRET });
  return startStack({ SUPABASE_URL: server.url, SUPABASE_SERVICE_ROLE_KEY: signJwt({ role: 'service_role' }, JWT_SECRET) }, async () => {
    expect(server.hits.get('/rpc/commit_finalize')).toBeGreaterThan(0);
    await server.close();
    await db.drop();
  });
});

pipelineOn('pglite', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'iflow-embedded-'));
  return startStack({ DATA_DIR: dir }, () => rm(dir, { recursive: true, force: true }));
});
