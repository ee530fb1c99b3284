import type { Request, RequestHandler, Response } from 'express';
import type { AuthContext, Authenticator } from '../auth/authenticator.js';
import type { Scope } from '../domain/auth.js';
import { HttpError } from './errors.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by `authenticate` for every request past it. */
      auth?: AuthContext;
    }
  }
}

/**
 * Authenticates every request that reaches it (401 otherwise) and puts the caller in
 * `res.locals.auth`. `onFailure` lets the rate limiter count failed attempts per address.
 */
export function authenticate(authenticator: Authenticator, opts: { onFailure?: (req: Request) => Promise<void> } = {}): RequestHandler {
  return async (req, res, next) => {
    // already authenticated by a signed link (src/api/signed-link-auth.ts)
    if (res.locals.auth) return next();
    const ctx = await authenticator.authenticate(req.headers);
    if (!ctx) {
      await opts.onFailure?.(req);
      // a browser opening Bull Board or a report page gets a login prompt (the key as the password)
      if (req.originalUrl.startsWith('/admin/') || (req.method === 'GET' && req.accepts(['json', 'html']) === 'html')) res.setHeader('WWW-Authenticate', 'Basic realm="interview-flow", charset="UTF-8"');
      else res.setHeader('WWW-Authenticate', 'Bearer realm="interview-flow"');
      throw new HttpError(401, 'unauthorized', 'missing or invalid credentials: send `Authorization: Bearer <API key or JWT>`');
    }
    res.locals.auth = ctx;
    next();
  };
}

/** The caller of a request that passed `authenticate`. */
export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth;
  if (!auth) throw new Error('authOf() used on a route that is not behind authenticate()');
  return auth;
}

/** 403 unless the caller's credential has `scope`. Use on any route: `router.get(path, requireScope('read'), handler)`. */
export function requireScope(scope: Scope): RequestHandler {
  return (_req, res, next) => {
    if (!authOf(res).scopes.has(scope)) throw new HttpError(403, 'forbidden', `this credential lacks the "${scope}" scope`);
    next();
  };
}

/**
 * The default for every route after it: reading (GET/HEAD) needs `read`, anything else
 * `interviews:write`. Routes needing more (admin) add their own requireScope.
 */
export const requireScopeForMethod: RequestHandler = (req, res, next) => {
  const scope: Scope = req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'interviews:write';
  requireScope(scope)(req, res, next);
};
