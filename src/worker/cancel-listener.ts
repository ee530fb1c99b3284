import { duplicateConnection } from '../queues/connection.js';
import type { Worker } from 'bullmq';
import type { Runtime } from '../runtime/runtime.js';
import { runBullJobs } from '../flows/plan.js';
import { ABORT_CANCELLED } from '../processors/step-recovery.js';
import { cancelChannel, CancelMessage } from '../flows/cancel-run.js';

/**
 * Listens on the cancel channel (Redis pub/sub, so every worker process hears it) and aborts
 * this process's running steps of a cancelled run through their AbortSignal.
 */
export function listenForCancels(rt: Runtime, workers: Worker[]): { close(): Promise<void> } {
  const sub = duplicateConnection(rt.connection);
  sub.on('error', (err: Error) => rt.log.warn({ err: err.message }, 'cancel listener: Redis error'));
  const channel = cancelChannel(rt.config.queuePrefix);
  // re-subscribed by ioredis after a reconnect (autoResubscribe)
  sub.subscribe(channel).catch((err: Error) => rt.log.error({ err: err.message }, 'cancel listener: subscribe failed'));
  sub.on('message', (ch: string, raw: string) => {
    if (ch !== channel) return;
    const msg = CancelMessage.safeParse(safeJson(raw));
    if (!msg.success) return;
    for (const { queue, jobId } of runBullJobs(msg.data.analysisJobId, msg.data.runNo)) {
      for (const w of workers) {
        if (w.name === queue && w.cancelJob(jobId, ABORT_CANCELLED)) rt.log.info({ analysisJobId: msg.data.analysisJobId, runNo: msg.data.runNo, step: queue }, 'cancel: aborted running step');
      }
    }
  });
  return {
    async close() {
      await sub.quit().catch(() => sub.disconnect());
    },
  };
}

function safeJson(s: string): unknown {
  try { return JSON.parse(s); } catch { return null; }
}
