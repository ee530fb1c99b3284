import type { AttemptOutcome } from '../domain/webhooks.js';

/** Sends one webhook attempt: POST `body` to `url` with these headers; never throws. */
export interface WebhookSender {
  send(req: { url: string; body: string; headers: Record<string, string>; signal?: AbortSignal }): Promise<AttemptOutcome>;
}
