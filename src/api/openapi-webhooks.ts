import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi/dist/index.mjs';
import { z } from 'zod';
import { CreateWebhookBody, CreatedWebhook, DeliveriesQuery } from './webhook-schemas.js';
import { WebhookDelivery, WebhookEndpoint, WebhookPayload } from '../domain/webhooks.js';

/** The webhook endpoints of the OpenAPI document (src/api/routes/webhooks.ts). */
export function registerWebhookPaths(r: OpenAPIRegistry, json: (schema: z.ZodType, description: string) => object, errors: Record<400 | 404, object>): void {
  const Id = z.object({ id: z.uuid() });
  const Endpoint = WebhookEndpoint.meta({ id: 'WebhookEndpoint' });
  r.registerPath({
    method: 'post', path: '/v1/webhooks', tags: ['webhooks'],
    summary: 'Register a completion webhook for the account or one project',
    description: 'Events: `analysis_job.completed`, `analysis_job.failed`, `synthesis.completed`. Each completion is POSTed once per endpoint as JSON '
      + '(the `WebhookEvent` schema) with `X-Interview-Flow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>`, '
      + '`X-Interview-Flow-Event`, `X-Interview-Flow-Delivery` and `X-Interview-Flow-Attempt`. A non-2xx answer, a redirect or no answer within 10 s is retried '
      + 'with exponential backoff (7 attempts by default). The URL must be http(s) to a public address (the same policy as `mediaUrl`). The secret is returned only here.',
    request: { body: { content: { 'application/json': { schema: CreateWebhookBody } } } },
    responses: { 201: json(CreatedWebhook.meta({ id: 'CreatedWebhook' }), 'registered'), ...errors },
  });
  r.registerPath({
    method: 'get', path: '/v1/webhooks', tags: ['webhooks'], summary: 'Your live webhook endpoints (never their secrets)',
    responses: { 200: json(z.object({ data: z.array(Endpoint) }), 'endpoints') },
  });
  r.registerPath({
    method: 'delete', path: '/v1/webhooks/{id}', tags: ['webhooks'], summary: 'Disable an endpoint (its delivery log stays readable)',
    request: { params: Id }, responses: { 204: { description: 'disabled' }, ...errors },
  });
  r.registerPath({
    method: 'get', path: '/v1/webhooks/{id}/deliveries', tags: ['webhooks'], summary: 'The delivery log: each delivery, newest first, with every attempt',
    request: { params: Id, query: DeliveriesQuery.partial() },
    responses: { 200: json(z.object({ data: z.array(WebhookDelivery.meta({ id: 'WebhookDelivery' })) }), 'deliveries'), ...errors },
  });
  // OpenAPI 3.1 `webhooks`: what the API POSTs to a registered endpoint
  r.registerWebhook({
    method: 'post', path: 'completion', tags: ['webhooks'],
    summary: 'A completion event POSTed to your endpoint (verify the signature before trusting it)',
    request: {
      headers: z.object({
        'x-interview-flow-signature': z.string().describe('t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">'),
        'x-interview-flow-event': z.string(), 'x-interview-flow-delivery': z.uuid(), 'x-interview-flow-attempt': z.string(),
      }),
      body: { content: { 'application/json': { schema: WebhookPayload.meta({ id: 'WebhookEvent' }) } } },
    },
    responses: { 200: { description: 'any 2xx acknowledges; anything else is retried' } },
  });
}
