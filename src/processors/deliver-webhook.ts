import { UnrecoverableError, type Job } from 'bullmq';
import { WebhookJobData } from '../domain/webhooks.js';
import type { WebhookStore } from '../ports/webhook-store.js';
import type { WebhookSender } from '../ports/webhook-sender.js';
import { SIGNATURE_HEADER, signatureHeader } from '../webhooks/signature.js';

/**
 * The `webhooks` job: one delivery. Loads it, POSTs the signed body through the sender, and
 * records the attempt and the delivery's new status in one call. A failed attempt throws so
 * BullMQ retries it with the queue's exponential backoff; the last one (or a URL the address
 * policy refuses) leaves the delivery failed. A delivery already finished is not sent again.
 */
export function createWebhookProcessor(deps: { webhooks: WebhookStore; sender: WebhookSender }) {
  return async function deliverWebhook(job: Job, _token?: string, signal?: AbortSignal): Promise<unknown> {
    const { deliveryId } = WebhookJobData.parse(job.data);
    const delivery = await deps.webhooks.getDelivery(deliveryId);
    if (!delivery) throw new UnrecoverableError(`webhook delivery ${deliveryId} not found`);
    if (delivery.status !== 'pending') return { status: delivery.status, sent: false };
    const attempt = job.attemptsMade + 1;
    const body = JSON.stringify(delivery.payload);
    const outcome = delivery.endpointDisabled
      ? { ok: false, statusCode: null, durationMs: 0, error: 'the endpoint was disabled', responseBody: null, permanent: true }
      : await deps.sender.send({
        url: delivery.url,
        body,
        headers: {
          [SIGNATURE_HEADER]: signatureHeader(delivery.secret, Math.floor(Date.now() / 1000), body),
          'X-Interview-Flow-Event': delivery.event,
          'X-Interview-Flow-Delivery': delivery.id,
          'X-Interview-Flow-Attempt': String(attempt),
        },
        signal,
      });
    const { permanent, ...logged } = outcome;
    const last = outcome.ok || permanent || attempt >= (job.opts.attempts ?? 1);
    const status = outcome.ok ? 'delivered' : last ? 'failed' : 'pending';
    await deps.webhooks.recordAttempt(deliveryId, { attempt, ...logged, status });
    await job.log(`${new Date().toISOString()} attempt ${attempt}: ${outcome.ok ? `delivered (HTTP ${outcome.statusCode})` : outcome.error} in ${outcome.durationMs} ms → ${status}`).catch(() => 0);
    if (outcome.ok) return { status, attempt, statusCode: outcome.statusCode };
    if (permanent) throw new UnrecoverableError(outcome.error ?? 'refused');
    throw new Error(outcome.error ?? 'webhook attempt failed');
  };
}
