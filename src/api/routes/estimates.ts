import { Router } from 'express';
import type { Runtime } from '../../runtime/runtime.js';
import { EstimateRequest } from '../../domain/estimate.js';
import { estimateCost } from '../../flows/estimate-cost.js';
import { HttpError } from '../errors.js';

/**
 * POST /v1/estimates: expected LLM calls, tokens and cost per step for the configured models,
 * from the transcripts alone (nothing is stored, no provider is called). Behind the same
 * authentication and rate limits as every other route.
 */
export function estimatesRouter(rt: Runtime): Router {
  const router = Router();
  router.post('/v1/estimates', async (req, res) => {
    if (!req.is('application/json')) throw new HttpError(415, 'unsupported_media_type', 'send JSON (application/json)');
    const body = EstimateRequest.parse(req.body ?? {});
    res.json(await estimateCost(rt.analyzer, body));
  });
  return router;
}
