import { z } from 'zod';
import { WEBHOOK_EVENTS, WebhookEndpoint, WebhookEvent } from '../domain/webhooks.js';

/** POST /v1/webhooks. */
export const CreateWebhookBody = z.object({
  url: z.string().min(1).max(2048).describe('where to POST; http(s) to a public internet address'),
  projectId: z.uuid().optional().describe('only this project\'s events; omitted: every project of the account'),
  events: z.array(WebhookEvent).min(1).max(WEBHOOK_EVENTS.length).optional().describe(`default: all (${WEBHOOK_EVENTS.join(', ')})`),
  secret: z.string().min(24).max(256).optional().describe('your signing secret; omitted: one is generated and returned once'),
  description: z.string().max(500).optional(),
}).strict();

export const CreatedWebhook = WebhookEndpoint.extend({
  secret: z.string().describe('the signing secret, shown only in this response'),
});

export const DeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
