import { z } from 'zod';

/** What an endpoint can subscribe to. */
export const WebhookEvent = z.enum(['analysis_job.completed', 'analysis_job.failed', 'synthesis.completed']);
export type WebhookEvent = z.infer<typeof WebhookEvent>;
export const WEBHOOK_EVENTS = WebhookEvent.options;

/** A registered endpoint as the API shows it (never its secret, except once when created). */
export const WebhookEndpoint = z.object({
  id: z.uuid(),
  url: z.string(),
  projectId: z.uuid().nullable().describe('null: every project of the account'),
  events: z.array(WebhookEvent),
  description: z.string(),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookAttempt = z.object({
  attempt: z.number().int(),
  at: z.string(),
  statusCode: z.number().int().nullable().describe('the receiver\'s HTTP status; null when no response (timeout, refused, unreachable)'),
  ok: z.boolean(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
  responseBody: z.string().nullable().describe('the first 500 characters of the receiver\'s answer'),
});

export const WebhookDelivery = z.object({
  id: z.uuid(),
  event: WebhookEvent,
  eventId: z.string().describe('the event\'s id (also in the body): the same completion always has the same id'),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.array(WebhookAttempt),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** The JSON body POSTed to an endpoint. */
export const WebhookPayload = z.object({
  id: z.string().describe('the event id: one completion, one id (receivers deduplicate on it)'),
  type: WebhookEvent,
  createdAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

/** What the sender reads for one delivery. */
export const DeliveryToSend = z.object({
  id: z.uuid(),
  event: WebhookEvent,
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  payload: WebhookPayload,
  url: z.string(),
  secret: z.string(),
  endpointDisabled: z.boolean(),
});
export type DeliveryToSend = z.infer<typeof DeliveryToSend>;

/** The `webhooks` BullMQ job: one delivery (its id is also the BullMQ job id). */
export const WebhookJobData = z.object({ deliveryId: z.uuid(), event: WebhookEvent, url: z.string().optional() });
export type WebhookJobData = z.infer<typeof WebhookJobData>;

/** One attempt's outcome, as the sender reports it and the delivery log keeps it. */
export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
  /** Retrying cannot help (the URL is refused by the address policy). */
  permanent: boolean;
}
