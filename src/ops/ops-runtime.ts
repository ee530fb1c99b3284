import type { Config } from '../config/index.js';
import type { Store } from '../ports/store.js';
import type { RedisConnection } from '../queues/connection.js';
import type { StepQueues } from '../queues/step-queues.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/**
 * The part of a process's runtime that the ops server and the reconciler schedule use. The
 * runtime (src/runtime/runtime.ts) is wired above ops and hands itself in; ops names only what it
 * reads, so it depends on the pieces, not on the composition root.
 */
export interface OpsRuntime {
  config: Pick<Config, 'queuePrefix' | 'queues' | 'ops'>;
  store: Store;
  connection: RedisConnection;
  queues: StepQueues;
  log: Logger;
  metrics: Metrics;
}
