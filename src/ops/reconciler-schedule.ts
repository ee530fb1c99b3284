import { Queue, Worker } from 'bullmq';
import type { OpsRuntime } from './ops-runtime.js';
import { reconcile, describe } from './reconciler.js';

import { MAINTENANCE_QUEUE } from '../queues/maintenance.js';
import { WORKER_RUN_RETRY_DELAY_MS } from '../domain/queue-settings.js';

export { MAINTENANCE_QUEUE };
const SCHEDULER_ID = 'reconciler';

export interface ReconcilerHandle {
  queue: Queue;
  worker: Worker;
  close(): Promise<void>;
}

/**
 * Runs the reconciler as a BullMQ job scheduler: one `reconcile` job every RECONCILE_EVERY_MS,
 * however many processes run this, and whichever of them is free takes it (concurrency 1 per
 * process, one job per tick: one active instance). Every process re-upserts the scheduler each
 * tick, so a flushed or failed-over Redis gets it back without a deploy.
 */
export function startReconciler(rt: OpsRuntime): ReconcilerHandle {
  const { everyMs, graceMs } = rt.config.ops.reconciler;
  const opts = { connection: rt.connection, prefix: rt.config.queuePrefix };
  const queue = new Queue(MAINTENANCE_QUEUE, opts);
  const upsert = () => queue.upsertJobScheduler(SCHEDULER_ID, { every: everyMs }, {
    name: 'reconcile',
    data: {},
    opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
  }).catch((err: Error) => rt.log.warn({ err: err.message }, 'reconciler: cannot schedule (Redis unreachable?)'));
  void upsert();
  const timer = setInterval(() => void upsert(), everyMs);
  timer.unref();

  const worker = new Worker(MAINTENANCE_QUEUE, async (job) => {
    const report = await reconcile({
      store: rt.store, queues: rt.queues, queueConfig: rt.config.queues, log: rt.log, metrics: rt.metrics, graceMs,
    });
    await job.log(describe(report)).catch(() => {});
    return report;
  }, { ...opts, concurrency: 1, lockDuration: Math.max(30_000, everyMs), runRetryDelay: WORKER_RUN_RETRY_DELAY_MS });
  worker.on('error', (err) => rt.log.error({ queue: MAINTENANCE_QUEUE, err: err.message }, 'reconciler worker error'));
  worker.on('failed', (_job, err) => rt.log.warn({ err: err.message }, 'reconciler pass failed; the next tick retries'));

  return {
    queue,
    worker,
    async close() {
      clearInterval(timer);
      await worker.close();
      await queue.close();
    },
  };
}
