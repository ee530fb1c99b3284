import type { DeliveryToSend, WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookPayload } from '../domain/webhooks.js';

export interface NewWebhookEndpoint {
  accountId: string;
  projectId: string | null;
  url: string;
  secret: string;
  events: WebhookEvent[];
  description: string;
}

/** Webhook endpoints, deliveries and their attempt log (migration 20261201400002_webhooks.sql). */
export interface WebhookStore {
  createEndpoint(e: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  listEndpoints(accountId: string): Promise<WebhookEndpoint[]>;
  /** False when the account has no such live endpoint. */
  disableEndpoint(accountId: string, endpointId: string): Promise<boolean>;
  /**
   * One delivery per matching endpoint, at most once per (endpoint, event key); returns every
   * delivery of the key (also those recorded by an earlier call), to be enqueued by id.
   */
  recordEvent(e: { accountId: string; projectId: string; key: string; payload: WebhookPayload }): Promise<{ id: string; status: string }[]>;
  getDelivery(deliveryId: string): Promise<DeliveryToSend | null>;
  recordAttempt(deliveryId: string, a: {
    attempt: number; ok: boolean; statusCode: number | null; durationMs: number; error: string | null;
    responseBody: string | null; status: 'pending' | 'delivered' | 'failed';
  }): Promise<{ status: string }>;
  /** Newest first; null when the account has no such endpoint. */
  listDeliveries(accountId: string, endpointId: string, limit: number): Promise<WebhookDelivery[] | null>;
}
