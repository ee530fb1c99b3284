import { z } from 'zod';
import type { RpcTransport } from './rpc.js';
import type { NewWebhookEndpoint, WebhookStore } from '../ports/webhook-store.js';
import { DeliveryToSend, WebhookDelivery, WebhookEndpoint } from '../domain/webhooks.js';

/** The webhook SQL functions (migration 20261201400002_webhooks.sql), parsed at the edge. */
export class RpcWebhookStore implements WebhookStore {
  constructor(private readonly rpc: RpcTransport) {}

  async createEndpoint(e: NewWebhookEndpoint) {
    return WebhookEndpoint.parse(await this.rpc.call('create_webhook_endpoint', { p: e }));
  }

  async listEndpoints(accountId: string) {
    return z.array(WebhookEndpoint).parse(await this.rpc.call('list_webhook_endpoints', { p_account: accountId }));
  }

  async disableEndpoint(accountId: string, endpointId: string) {
    return (await this.rpc.call<boolean>('disable_webhook_endpoint', { p_account: accountId, p_endpoint: endpointId })) === true;
  }

  recordEvent(e: Parameters<WebhookStore['recordEvent']>[0]) {
    return this.rpc.call<{ id: string; status: string }[]>('record_webhook_event', {
      p_account: e.accountId, p_project: e.projectId, p_event: e.payload.type, p_key: e.key, p_payload: e.payload,
    });
  }

  async getDelivery(deliveryId: string) {
    const row = await this.rpc.call('get_webhook_delivery', { p_delivery: deliveryId });
    return row ? DeliveryToSend.parse(row) : null;
  }

  recordAttempt(deliveryId: string, a: Parameters<WebhookStore['recordAttempt']>[1]) {
    return this.rpc.call<{ status: string }>('record_webhook_attempt', { p_delivery: deliveryId, p: a });
  }

  async listDeliveries(accountId: string, endpointId: string, limit: number) {
    const rows = await this.rpc.call('list_webhook_deliveries', { p_account: accountId, p_endpoint: endpointId, p_limit: limit });
    return rows === null ? null : z.array(WebhookDelivery).parse(rows);
  }
}
