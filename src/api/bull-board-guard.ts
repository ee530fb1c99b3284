import type { RequestHandler } from 'express';
import { authOf } from './auth-middleware.js';
import { HttpError } from './errors.js';
import { isSameOrigin } from './same-origin.js';

/**
 * In front of Bull Board: reading needs `admin`; a write (retry, clean, pause, add, update job
 * data) needs `admin:write` and BULL_BOARD_READONLY unset, and must not be cross-site: browsers
 * send Basic credentials to any page that posts here, so a write must come from this origin (the
 * Origin or Referer header names it) and carry JSON (a cross-site form or text/plain post cannot).
 */
export function bullBoardGuard(opts: { readOnly: boolean }): RequestHandler {
  return (req, res, next) => {
    const auth = authOf(res);
    if (!auth.scopes.has('admin')) throw new HttpError(403, 'forbidden', 'Bull Board needs a credential with the "admin" scope');
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    if (opts.readOnly || !auth.scopes.has('admin:write')) {
      throw new HttpError(403, 'forbidden', 'Bull Board is read-only for this credential (needs "admin:write")');
    }
    if (!isSameOrigin(req.headers)) throw new HttpError(403, 'cross_site', 'cross-site writes to Bull Board are refused');
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is('application/json')) {
      throw new HttpError(415, 'unsupported_media_type', 'Bull Board writes take application/json');
    }
    next();
  };
}
