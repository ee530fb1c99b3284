import type { Request } from 'express';
import type { InterviewSubmission } from '../flows/submit-interview.js';
import { HttpError } from './errors.js';

/**
 * The `Idempotency-Key` header (or the body's `externalId`) becomes the submission's key, unique
 * per project. Both given and different: the request is ambiguous, so it is refused.
 */
export function withIdempotencyKey(req: Request, s: InterviewSubmission): InterviewSubmission {
  const header = req.get('idempotency-key');
  if (header === undefined) return s;
  const key = header.trim();
  if (!key || key.length > 255) throw new HttpError(400, 'invalid_request', 'Idempotency-Key must be 1-255 characters');
  if (s.idempotencyKey !== undefined && s.idempotencyKey !== key) {
    throw new HttpError(400, 'invalid_request', 'Idempotency-Key and externalId differ: send one, or the same value');
  }
  return { ...s, idempotencyKey: key };
}
