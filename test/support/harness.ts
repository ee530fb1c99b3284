import { standaloneConnection } from '../../src/queues/connection.js';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../../src/runtime/runtime.js';
import { startWorkers, type StepWorkers } from '../../src/worker/step-workers.js';
import { createApp, type CreateAppOptions } from '../../src/api/app.js';
import { answerClientErrors } from '../../src/api/client-errors.js';
import type { AnalysisJobView } from '../../src/ports/store.js';
import { createTestDatabase, testQueuePrefix } from './db.js';

/**
 * A real stack for one test file: its own Postgres database and queue prefix on the shared
 * Redis, the runtime, in-process workers and the HTTP API on an ephemeral port.
 */
export interface Harness {
  config: Config;
  env: Record<string, string>;
  rt: Runtime;
  workers: StepWorkers | null;
  baseUrl: string;
  databaseUrl: string;
  startWorkers(): StepWorkers;
  waitForJob(id: string, until: (j: AnalysisJobView) => boolean, timeoutMs?: number): Promise<AnalysisJobView>;
  /** Redis loses every key of this test's queues at once (a flush, a failover without AOF). */
  loseRedis(): Promise<void>;
  close(): Promise<void>;
}

export async function createHarness(opts: {
  env?: Record<string, string>;
  overrides?: RuntimeOverrides;
  workers?: boolean;
  /** createApp options (authentication, limits); default: single-account mode, as `api` on loopback without keys. */
  app?: (rt: Runtime) => CreateAppOptions;
} = {}): Promise<Harness> {
  const db = await createTestDatabase();
  // logs off unless a test asks (LOG_LEVEL): the pipeline's warnings are expected in fault tests
  const env = { DATABASE_URL: db.url, QUEUE_PREFIX: testQueuePrefix(), LOG_LEVEL: 'silent', ...opts.env };
  const config = loadConfig(env);
  const rt = await createRuntime(config, opts.overrides);
  const server: Server = await new Promise((resolve) => {
    const s = answerClientErrors(createApp(rt, opts.app?.(rt)).listen(0, '127.0.0.1', () => resolve(s)));
  });
  const started: StepWorkers[] = [];
  const h: Harness = {
    config,
    env,
    rt,
    workers: null,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    databaseUrl: db.url,
    startWorkers() {
      const w = startWorkers(rt);
      started.push(w);
      h.workers = w;
      return w;
    },
    async waitForJob(id, until, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      let last: AnalysisJobView | null = null;
      while (Date.now() < deadline) {
        last = await rt.store.getAnalysisJob(id);
        if (last && until(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for analysis job ${id}; last state: ${JSON.stringify(last && { status: last.status, step: last.currentStep, error: last.error, completed: last.completedSteps })}`);
    },
    async loseRedis() {
      // not obliterate queue by queue: removing a child releases its parent into another queue
      // that may already have been obliterated, which is not what losing Redis looks like
      const keys: string[] = [];
      for await (const batch of standaloneConnection(rt.connection).scanStream({ match: `${config.queuePrefix}:*`, count: 500 })) keys.push(...(batch as string[]));
      for (let i = 0; i < keys.length; i += 500) await rt.connection.del(...keys.slice(i, i + 500));
    },
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      await Promise.all(started.map((w) => w.close()));
      await Promise.all(rt.queues.all().map((q) => q.obliterate({ force: true }).catch(() => {})));
      // the signed links' key (src/auth/signed-links.ts) is this test's too
      await rt.connection.del(`${config.queuePrefix}:link-signing-key`).catch(() => 0);
      await rt.close();
      await db.drop();
    },
  };
  if (opts.workers ?? true) h.startWorkers();
  return h;
}

/** POST/GET JSON helper returning status and parsed body. */
export async function http(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, body: json };
}
