import type { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import type { Store } from '../ports/store.js';
import type { Analyzer } from '../ports/analyzer.js';
import type { Transcriber } from '../ports/transcriber.js';
import { openStore } from '../store/index.js';
import { createAnalyzer } from '../analyzers/index.js';
import { createTranscriber, type CreateTranscriberOptions } from '../transcribers/index.js';
import { createMediaStore, type MediaStore } from '../media/index.js';
import { connectRedis, type RedisConnection } from '../queues/connection.js';
import { StepQueues } from '../queues/step-queues.js';
import { createLogger, type Logger } from '../ops/logger.js';
import { Metrics } from '../ops/metrics.js';
import { tracedAnalyzer } from '../ops/traced-analyzer.js';

/** Everything a process needs, wired from config: the composition root. */
export interface Runtime {
  config: Config;
  store: Store;
  /** The database lives in this process (PGlite): no other process can share it. */
  embeddedStore: boolean;
  analyzer: Analyzer;
  transcriber: Transcriber;
  /** Where uploaded recordings are kept for the transcribe step. */
  mediaStore: MediaStore;
  /** Address policy for media URLs, shared by submission checks and downloads. */
  mediaUrlPolicy: { allowLoopback?: boolean | undefined; lookup?: CreateTranscriberOptions['lookup'] };
  connection: RedisConnection;
  queues: StepQueues;
  /** Structured logs (pino) and Prometheus metrics of this process (src/ops). */
  log: Logger;
  metrics: Metrics;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  analyzer?: Analyzer;
  transcriber?: Transcriber;
  /** Apply pending migrations on start (embedded database, tests). */
  migrate?: boolean;
  log?: Logger;
  /** Transcriber options (tests: allow a loopback media server). */
  transcriberOptions?: Omit<CreateTranscriberOptions, 'mediaStore'>;
}

export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  // Redis first: fail fast, before an embedded database is opened and locked
  const connection = await connectRedis(config.redis);
  const opened = await openStore(config.database);
  if (overrides.migrate ?? opened.embedded) await opened.migrate();
  // every analyzer call is a span of its step's trace (a no-op until an OpenTelemetry SDK is set up)
  // the quota gate types its client as Redis; a Cluster has the same commands (defineCommand,
  // evalsha) and the quota keys carry their own hash tag
  const analyzer = tracedAnalyzer(overrides.analyzer ?? (await createAnalyzer(config, { ledger: opened.store.spendLedger, redis: connection as Redis })));
  const mediaStore = createMediaStore(config);
  const transcriber = overrides.transcriber ?? (await createTranscriber(config, { ...overrides.transcriberOptions, mediaStore }));
  const queues = new StepQueues(connection, config.queuePrefix);
  const metrics = new Metrics();
  metrics.watchQueues(queues.all());
  const log = overrides.log ?? createLogger(config.ops.log);
  // a Redis outage surfaces as error events on every queue: logged once each, never thrown
  const onRedisError = (err: Error) => log.warn({ err: err.message }, 'redis: queue connection error');
  for (const q of queues.all()) q.on('error', onRedisError);
  queues.flows.on('error', onRedisError);
  return {
    config,
    store: opened.store,
    embeddedStore: opened.embedded,
    analyzer,
    transcriber,
    mediaStore,
    mediaUrlPolicy: { allowLoopback: overrides.transcriberOptions?.allowLoopback, lookup: overrides.transcriberOptions?.lookup },
    connection,
    queues,
    log,
    metrics,
    async close() {
      await queues.close();
      await connection.quit().catch(() => connection.disconnect());
      await analyzer.close?.();
      await opened.store.close();
    },
  };
}
