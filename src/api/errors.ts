import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import { InvalidInputError } from '../domain/errors.js';
import { MediaTooLargeError } from '../media/media-errors.js';
import { NothingToRunError, NotFoundError, RunActiveError, StaleRunError } from '../domain/run-errors.js';
import { StoreUnavailableError } from '../domain/run-errors.js';

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

export function sendError(res: Response, status: number, code: string, message: string, details?: unknown): void {
  res.status(status).json({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

/** Maps every error to `{ error: { code, message, details? } }` with the right status. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  const e = err as Error & { type?: string; status?: number; expose?: boolean };
  if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message, err.details);
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return sendError(res, 400, 'invalid_request', details.map((d) => `${d.path || 'body'}: ${d.message}`).join('; '), details);
  }
  if (err instanceof MediaTooLargeError) return sendError(res, 413, 'payload_too_large', err.message);
  if (err instanceof InvalidInputError) return sendError(res, 400, 'invalid_input', err.message, err.details);
  if (err instanceof NotFoundError) return sendError(res, 404, 'not_found', err.message);
  if (err instanceof RunActiveError) return sendError(res, 409, 'run_active', err.message);
  if (err instanceof NothingToRunError) return sendError(res, 409, 'nothing_to_run', err.message);
  if (err instanceof StaleRunError) return sendError(res, 409, 'stale_run', err.message);
  // Express decodes path parameters; a bad %-sequence (`/v1/interviews/%E0%A4%A`) is the caller's
  if (err instanceof URIError) return sendError(res, 400, 'invalid_path', 'the path contains invalid percent-encoding');
  // no driver text in the body: it may name hosts and users
  if (err instanceof StoreUnavailableError) return sendError(res, 503, 'database_unavailable', 'the database is unreachable; try again shortly');
  if (e.type === 'entity.parse.failed') return sendError(res, 400, 'invalid_json', `request body is not valid JSON: ${e.message}`);
  if (e.type === 'entity.too.large') return sendError(res, 413, 'payload_too_large', e.message);
  if (e.status && e.status >= 400 && e.status < 500 && e.expose) return sendError(res, e.status, 'bad_request', e.message);
  // anything else (a database error among them) is logged with its detail and answered without it
  console.error('[api] unexpected error', err);
  return sendError(res, 500, 'internal', 'internal error');
};
