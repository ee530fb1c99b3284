import type { Queue } from 'bullmq';
import type { WebhookStore } from '../ports/webhook-store.js';
import type { QueueSettings } from '../queues/defaults.js';
import type { WebhookJobData, WebhookPayload } from '../domain/webhooks.js';

/**
 * Records an event's deliveries (one per matching endpoint, once per event key) and adds one
 * `webhooks` job per pending delivery with the delivery id as its BullMQ job id: recording the
 * same completion again (a retried finalize) adds neither a delivery nor a job. Returns how many
 * deliveries are pending.
 */
export async function enqueueWebhookEvent(
  deps: { webhooks: WebhookStore; queue: Queue; settings: QueueSettings },
  event: { accountId: string; projectId: string; key: string; payload: WebhookPayload; subject: string },
): Promise<number> {
  const deliveries = await deps.webhooks.recordEvent(event);
  const pending = deliveries.filter((d) => d.status === 'pending');
  if (pending.length === 0) return 0;
  await deps.queue.addBulk(pending.map((d) => ({
    name: `${event.payload.type} · ${event.subject}`,
    data: { deliveryId: d.id, event: event.payload.type } satisfies WebhookJobData,
    opts: {
      jobId: d.id,
      attempts: deps.settings.attempts,
      backoff: deps.settings.backoff,
      removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  })));
  return pending.length;
}
