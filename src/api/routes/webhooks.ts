import { Router } from 'express';
import type { Runtime } from '../../runtime/runtime.js';
import { IdParam } from '../schemas.js';
import { CreateWebhookBody, DeliveriesQuery } from '../webhook-schemas.js';
import { HttpError } from '../errors.js';
import { authOf } from '../auth-middleware.js';
import { assertOwned } from '../ownership.js';
import { inspectUrl } from '../../media/url-policy.js';
import { newWebhookSecret } from '../../webhooks/signature.js';
import { WEBHOOK_EVENTS } from '../../domain/webhooks.js';

/** Live endpoints per account: every completion makes one delivery per endpoint. */
export const MAX_WEBHOOK_ENDPOINTS = 20;

/**
 * Completion webhooks of the caller's account: register (the secret is returned once), list,
 * disable, and read an endpoint's delivery log with every attempt. Another account's endpoint
 * reads as 404.
 */
export function webhooksRouter(rt: Runtime): Router {
  const router = Router();

  router.post('/v1/webhooks', async (req, res) => {
    const body = CreateWebhookBody.parse(req.body ?? {});
    const { accountId } = authOf(res);
    if (body.projectId) await assertOwned(rt, res, 'project', body.projectId);
    // the same address policy as media URLs (checked again on every delivery, at connect time)
    const verdict = await inspectUrl(body.url, { ...rt.mediaUrlPolicy, label: 'webhook URL' });
    if (!verdict.ok) throw new HttpError(400, 'invalid_url', `url refused: ${verdict.reason}`);
    if ((await rt.store.webhooks.listEndpoints(accountId)).length >= MAX_WEBHOOK_ENDPOINTS) {
      throw new HttpError(409, 'too_many_webhooks', `an account has at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints: disable one first (DELETE /v1/webhooks/{id})`);
    }
    const secret = body.secret ?? newWebhookSecret();
    const endpoint = await rt.store.webhooks.createEndpoint({
      accountId, projectId: body.projectId ?? null, url: verdict.url.href, secret,
      events: body.events ? [...new Set(body.events)] : [...WEBHOOK_EVENTS], description: body.description ?? '',
    });
    res.status(201).json({ ...endpoint, secret });
  });

  router.get('/v1/webhooks', async (_req, res) => {
    res.json({ data: await rt.store.webhooks.listEndpoints(authOf(res).accountId) });
  });

  router.delete('/v1/webhooks/:id', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    if (!(await rt.store.webhooks.disableEndpoint(authOf(res).accountId, id))) throw new HttpError(404, 'not_found', `webhook ${id} not found`);
    res.status(204).end();
  });

  router.get('/v1/webhooks/:id/deliveries', async (req, res) => {
    const { id } = IdParam.parse(req.params);
    const { limit } = DeliveriesQuery.parse(req.query);
    const deliveries = await rt.store.webhooks.listDeliveries(authOf(res).accountId, id, limit);
    if (!deliveries) throw new HttpError(404, 'not_found', `webhook ${id} not found`);
    res.json({ data: deliveries });
  });

  return router;
}
