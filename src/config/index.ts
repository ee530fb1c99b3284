import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import { QUEUE_DEFAULTS, QUEUE_NAMES, type QueueName } from '../queues/names.js';
import type { QueueSettings } from '../queues/defaults.js';
import { OpsEnvSchema, opsConfig, type OpsConfig } from './ops-config.js';
import { DEFAULT_MAX_STALLED_COUNT } from '../domain/queue-settings.js';
import type { RedisTarget } from '../queues/connection.js';

/**
 * The one place that reads the environment. Every variable is validated here; a bad value
 * stops the process at start with a message naming the variable.
 */

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const int = (min = 0) => z.coerce.number().int().min(min);

const EnvSchema = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  /** Redis Cluster seed nodes, comma-separated `redis://[user:password@]host:port`; replaces REDIS_URL. */
  REDIS_CLUSTER_NODES: z.string().transform((s) => s.split(',').map((n) => n.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^rediss?$/ })).min(1)).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Connections of the Postgres pool (DATABASE_URL); default DEFAULT_DATABASE_POOL_MAX. */
  DATABASE_POOL_MAX: int(1).optional(),
  /** Prepared (named) statements on the Postgres pool; false for a pooler that cannot keep them. */
  DATABASE_PREPARED_STATEMENTS: bool.default(true),
  SUPABASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0).max(65535).default(3000),
  /** Unset: `{iflow}`, or with the embedded database one prefix per data directory (embeddedQueuePrefix). */
  QUEUE_PREFIX: z.string().regex(/^[^:\s]+$/, 'must not contain ":" or spaces').optional(),
  DEFAULT_ACCOUNT_ID: z.uuid().default('00000000-0000-4000-8000-000000000001'),
  DEFAULT_PROJECT_ID: z.uuid().default('00000000-0000-4000-8000-000000000002'),
  ANALYZER: z.enum(['local', 'baml']).optional(),
  LOCAL_ANALYZER_DELAY_MS: int(0).default(0),
  /** Worker threads for the local analyzer's calls (0: on the main thread, as the quick start does). */
  LOCAL_ANALYZER_THREADS: int(0).max(64).default(0),
  /** Deductive codebook JSON for the local analyzer (api/worker processes); unset: inductive coding. */
  LOCAL_CODEBOOK_FILE: z.string().min(1).optional(),
  TRANSCRIBER: z.enum(['auto', 'pocketsphinx', 'assemblyai', 'openai']).default('auto'),
  MAX_UPLOAD_BYTES: int(1).default(500 * 1024 * 1024),
  BULL_BOARD_READONLY: bool.default(false),
  SHUTDOWN_TIMEOUT_MS: int(0).default(30_000),
  LLM_PROVIDER: z.string().optional(),
  SYNTHESIS_DEBOUNCE_MS: int(0).default(3_000),
  SYNTHESIS_MAX_WAIT_MS: int(0).default(60_000),
});

export type QueueConfig = Record<QueueName, QueueSettings>;

export interface Config {
  /** REDIS_URL (a standalone server). */
  redisUrl: string;
  /** What the processes connect to: REDIS_CLUSTER_NODES when set, else REDIS_URL. */
  redis: RedisTarget;
  database:
    | { kind: 'postgres'; url: string; poolMax: number; preparedStatements: boolean }
    | { kind: 'supabase'; url: string; serviceRoleKey: string }
    | { kind: 'embedded'; dataDir: string };
  dataDir: string;
  host: string;
  port: number;
  queuePrefix: string;
  defaultAccountId: string;
  defaultProjectId: string;
  analyzer: 'local' | 'baml';
  localAnalyzerDelayMs: number;
  localAnalyzerThreads: number;
  localCodebookFile: string | undefined;
  transcriber: 'auto' | 'pocketsphinx' | 'assemblyai' | 'openai';
  maxUploadBytes: number;
  bullBoardReadOnly: boolean;
  shutdownTimeoutMs: number;
  queues: QueueConfig;
  /**
   * Project synthesis scheduling: a finished interview schedules its project's synthesis after
   * `debounceMs`; each further finish moves it later again (debounce), but never more than
   * `maxWaitMs` after the pending one was first scheduled, so a steady stream still gets syntheses.
   */
  synthesis: { debounceMs: number; maxWaitMs: number };
  /** Recovery, reconciler, logs and metrics (src/config/ops-config.ts). */
  ops: OpsConfig;
  /** The raw environment, for adapters that validate their own variables (LLM, transcription). */
  env: Readonly<Record<string, string | undefined>>;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Per-queue overrides: QUEUE_<NAME>_CONCURRENCY, _ATTEMPTS, _BACKOFF_MS, _LOCK_MS, _TIMEOUT_MS, _MAX_STALLED. */
function queueConfig(env: Record<string, string | undefined>): QueueConfig {
  const out = {} as QueueConfig;
  for (const name of QUEUE_NAMES) {
    const d = QUEUE_DEFAULTS[name];
    const key = (suffix: string) => `QUEUE_${name.toUpperCase()}_${suffix}`;
    const schema = z.object({
      [key('CONCURRENCY')]: int(1).default(d.concurrency),
      [key('ATTEMPTS')]: int(1).default(d.attempts),
      [key('BACKOFF_MS')]: int(0).default(d.backoff.delay),
      [key('LOCK_MS')]: int(1000).default(d.lockDurationMs),
      [key('TIMEOUT_MS')]: int(1000).default(d.timeoutMs),
      [key('RATE_LIMIT_PER_MINUTE')]: int(1).optional(),
      [key('MAX_STALLED')]: int(0).default(d.maxStalledCount ?? DEFAULT_MAX_STALLED_COUNT),
    });
    const v = parseOrThrow(schema, env) as Record<string, number | undefined>;
    const limit = v[key('RATE_LIMIT_PER_MINUTE')];
    out[name] = {
      concurrency: v[key('CONCURRENCY')]!,
      attempts: v[key('ATTEMPTS')]!,
      backoff: { ...d.backoff, delay: v[key('BACKOFF_MS')]! },
      lockDurationMs: v[key('LOCK_MS')]!,
      timeoutMs: v[key('TIMEOUT_MS')]!,
      maxStalledCount: v[key('MAX_STALLED')]!,
      // BullMQ opens the window when a job is picked up, a few ms before its request leaves;
      // a 1 s margin keeps N requests inside any provider minute
      rateLimit: limit ? { max: limit, durationMs: 61_000 } : d.rateLimit,
    };
  }
  return out;
}

function parseOrThrow<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.infer<T> {
  // empty strings count as unset, as in most .env tooling
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const res = schema.safeParse(cleaned);
  if (!res.success) {
    const msgs = res.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`);
    throw new ConfigError(`invalid configuration: ${msgs.join('; ')}`);
  }
  return res.data;
}

/**
 * Default size of a process's Postgres pool, whatever the queues' concurrency. A step holds a
 * connection only for its few calls (start, commit), and calls beyond the pool wait in order in
 * the transport, so a small pool does not hold steps back; more connections than the server
 * has cores make the server slower, not faster: with the pipeline at concurrency 20 on this
 * 2-core machine (local analyzer, 60 creatives interviews at once), Postgres CPU per interview
 * was 80-90 ms with 25 connections (the earlier default, one per job up to 25), 53-63 ms with
 * 10 and 39-47 ms with 4-6 (fresh pool, as a process starts); with every connection already
 * open and warm, 46 ms with 25 and 30 ms with 6. DATABASE_POOL_MAX overrides it.
 */
export const DEFAULT_DATABASE_POOL_MAX = 6;

export const DEFAULT_QUEUE_PREFIX = '{iflow}';

/**
 * The queue prefix of a process on the embedded database when QUEUE_PREFIX is unset: one per
 * data directory. Only this process can open that database, so its jobs must not be visible to
 * another `process` or `api` on the same Redis with another data directory (which would take
 * them, find no such analysis job in its own database, and fail them). Still one hash tag.
 */
export function embeddedQueuePrefix(dataDir: string): string {
  return `{iflow-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12)}}`;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const e = parseOrThrow(EnvSchema, env);
  if (e.SUPABASE_URL && !e.SUPABASE_SERVICE_ROLE_KEY) {
    throw new ConfigError('invalid configuration: SUPABASE_SERVICE_ROLE_KEY is required when SUPABASE_URL is set');
  }
  // BullMQ's scripts touch several keys of a queue at once, and a flow spans queues: on a
  // cluster every key must hash to one slot, which the prefix's {hash tag} guarantees
  if (e.REDIS_CLUSTER_NODES && e.QUEUE_PREFIX !== undefined && !/\{[^{}]+\}/.test(e.QUEUE_PREFIX)) {
    throw new ConfigError(`invalid configuration: QUEUE_PREFIX must contain a {hash tag} with REDIS_CLUSTER_NODES (got ${JSON.stringify(e.QUEUE_PREFIX)}, e.g. "{iflow}")`);
  }
  const queues = queueConfig(env);
  const database: Config['database'] = e.DATABASE_URL
    ? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX ?? DEFAULT_DATABASE_POOL_MAX, preparedStatements: e.DATABASE_PREPARED_STATEMENTS }
    : e.SUPABASE_URL
      ? { kind: 'supabase', url: e.SUPABASE_URL, serviceRoleKey: e.SUPABASE_SERVICE_ROLE_KEY! }
      : { kind: 'embedded', dataDir: e.DATA_DIR };
  return {
    redisUrl: e.REDIS_URL,
    redis: e.REDIS_CLUSTER_NODES ? { kind: 'cluster', nodes: e.REDIS_CLUSTER_NODES } : { kind: 'standalone', url: e.REDIS_URL },
    database,
    dataDir: e.DATA_DIR,
    host: e.HOST,
    port: e.PORT,
    queuePrefix: e.QUEUE_PREFIX ?? (database.kind === 'embedded' ? embeddedQueuePrefix(e.DATA_DIR) : DEFAULT_QUEUE_PREFIX),
    defaultAccountId: e.DEFAULT_ACCOUNT_ID,
    defaultProjectId: e.DEFAULT_PROJECT_ID,
    analyzer: e.ANALYZER ?? (e.LLM_PROVIDER ? 'baml' : 'local'),
    localAnalyzerDelayMs: e.LOCAL_ANALYZER_DELAY_MS,
    localAnalyzerThreads: e.LOCAL_ANALYZER_THREADS,
    localCodebookFile: e.LOCAL_CODEBOOK_FILE,
    transcriber: e.TRANSCRIBER,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    bullBoardReadOnly: e.BULL_BOARD_READONLY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    queues,
    synthesis: { debounceMs: e.SYNTHESIS_DEBOUNCE_MS, maxWaitMs: e.SYNTHESIS_MAX_WAIT_MS },
    ops: opsConfig(parseOrThrow(OpsEnvSchema, env)),
    env: { ...env },
  };
}
