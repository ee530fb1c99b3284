import { standaloneConnection } from '../../src/queues/connection.js';
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import type { Job } from 'bullmq';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { startWorkers, type StepWorkers } from '../../src/worker/step-workers.js';
import { submitInterview } from '../../src/flows/submit-interview.js';
import { QUEUE_NAMES } from '../../src/queues/names.js';
import type { Analyzer } from '../../src/ports/analyzer.js';
import type { Store } from '../../src/ports/store.js';
import { createTestDatabase, testQueuePrefix } from '../../test/support/db.js';
import { CountingStore } from './counting-store.js';
import { removeQueues } from './redis-keys.js';

export interface PipelineOptions {
  analyzer: Analyzer;
  /** Worker concurrency of every queue (QUEUE_<STEP>_CONCURRENCY). */
  concurrency: number;
  redisUrl: string;
  questions: string[];
  /** Wraps the store the workers and submissions use (bench/latency-timeline.ts times each call). */
  wrapStore?: (store: Store) => Store;
}

export interface Pipeline {
  rt: Runtime;
  config: Config;
  dbUrl: string;
  counting: CountingStore;
  workers: StepWorkers;
  /** Submits one transcript and resolves when its finalize step has completed. */
  run(transcript: string): Promise<{ analysisJobId: string; ms: number }>;
  /** Submits all at once, resolves when all are completed; returns interviews per second. */
  runBatch(transcripts: string[]): Promise<number>;
  /** Stops workers and connections, runs `beforeDrop` (server-side stats), drops the database. */
  close(beforeDrop?: (dbUrl: string) => Promise<void>): Promise<void>;
}

/** How long the pipeline benches hold back a project's synthesis after its last interview: 1 hour. */
export const BENCH_SYNTHESIS_DELAY_MS = 3_600_000;

/**
 * The real pipeline (Postgres, Redis, BullMQ workers of every queue in this process) on a fresh
 * database and a private queue prefix, with the store wrapped for counting. Completion is
 * observed from the finalize worker's events (no polling that would add load of its own).
 */
export async function openPipeline(opts: PipelineOptions): Promise<Pipeline> {
  const db = await createTestDatabase('iflow_bench');
  await withClient(db.url, (c) => c.query(`alter database ${db.name} set track_functions = 'pl'`));
  // experiment only: what the pipeline costs without waiting for WAL flushes (never a product setting)
  if (process.env.BENCH_SYNC_OFF === '1') await withClient(db.url, (c) => c.query(`alter database ${db.name} set synchronous_commit = off`));
  const env: Record<string, string> = {
    DATABASE_URL: db.url, QUEUE_PREFIX: testQueuePrefix(), REDIS_URL: opts.redisUrl,
    // per-interview throughput only: the project's synthesis (measured on its own, bench/synthesis.ts)
    // is debounced past the end of every measurement, so it cannot take the CPU in the middle of one
    SYNTHESIS_DEBOUNCE_MS: String(BENCH_SYNTHESIS_DELAY_MS), SYNTHESIS_MAX_WAIT_MS: String(BENCH_SYNTHESIS_DELAY_MS),
  };
  // the workers log like a production worker (info) unless LOG_LEVEL says otherwise
  if (process.env.LOG_LEVEL) env.LOG_LEVEL = process.env.LOG_LEVEL;
  // the Postgres pool size of the workers, when a run compares pool sizes (else the product default)
  if (process.env.DATABASE_POOL_MAX) env.DATABASE_POOL_MAX = process.env.DATABASE_POOL_MAX;
  for (const q of QUEUE_NAMES) env[`QUEUE_${q.toUpperCase()}_CONCURRENCY`] = String(opts.concurrency);
  const config = loadConfig(env);
  const rt = await createRuntime(config, { analyzer: opts.analyzer });
  const counting = new CountingStore(rt.store);
  rt.store = opts.wrapStore ? opts.wrapStore(counting.store) : counting.store;

  const finished = new Map<string, Error | null>();
  const waiters = new Map<string, (err: Error | null) => void>();
  const settle = (job: Job | undefined, err: Error | null) => {
    const id = (job?.data as { analysisJobId?: string } | undefined)?.analysisJobId;
    if (!id) return;
    const w = waiters.get(id);
    if (w) { waiters.delete(id); w(err); } else finished.set(id, err);
  };
  const workers: StepWorkers = startWorkers(rt);
  for (const w of workers.workers) {
    if (w.name === 'finalize') w.on('completed', (job) => settle(job, null));
    // a step that failed for good stops its interview: surface it instead of waiting forever
    w.on('failed', (job, err) => { if (job?.finishedOn) settle(job, new Error(`${w.name}: ${err.message}`)); });
  }
  await Promise.all(workers.workers.map((w) => w.waitUntilReady()));
  const done = (id: string) => new Promise<void>((resolve, reject) => {
    const settleWith = (err: Error | null) => (err ? reject(err) : resolve());
    if (finished.has(id)) { settleWith(finished.get(id)!); finished.delete(id); } else waiters.set(id, settleWith);
  });
  const deps = { store: rt.store, queues: rt.queues, queueConfig: config.queues };
  const submit = (transcript: string) => submitInterview(deps, {
    accountId: config.defaultAccountId, projectId: config.defaultProjectId, transcript, questions: opts.questions,
  });

  return {
    rt, config, dbUrl: db.url, counting, workers,
    async run(transcript) {
      const t0 = performance.now();
      const { analysisJobId } = await submit(transcript);
      await done(analysisJobId);
      return { analysisJobId, ms: performance.now() - t0 };
    },
    async runBatch(transcripts) {
      const t0 = performance.now();
      const ids = await Promise.all(transcripts.map(async (t) => (await submit(t)).analysisJobId));
      await Promise.all(ids.map(done));
      return transcripts.length / ((performance.now() - t0) / 1000);
    },
    async close(beforeDrop) {
      // force: a project-wide job still running (the study synthesis over a seeded 5,000-interview
      // project took minutes) must not hold the bench; its database is dropped next anyway
      await Promise.all(workers.workers.map((w) => w.close(true)));
      await removeQueues(standaloneConnection(rt.connection), config.queuePrefix);
      await rt.close();
      await beforeDrop?.(db.url);
      await db.drop();
    },
  };
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Server-side time per SQL function (pg_stat_user_functions; needs track_functions, set above). */
export async function functionStats(url: string): Promise<Map<string, { calls: number; totalMs: number; selfMs: number }>> {
  const rows = await withClient(url, async (c) => (await c.query(
    'select funcname, calls::int, total_time, self_time from pg_stat_user_functions',
  )).rows as { funcname: string; calls: number; total_time: number; self_time: number }[]);
  return new Map(rows.map((r) => [r.funcname, { calls: r.calls, totalMs: r.total_time, selfMs: r.self_time }]));
}
