import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { HttpError } from './errors.js';

/**
 * True unless the request says it comes from another site. Browsers send Origin (or at least
 * Referer) on cross-site writes; API clients send neither, and are not at risk: a browser
 * attaches credentials by itself only for HTTP Basic, which Bull Board and report pages use.
 */
export function isSameOrigin(headers: IncomingHttpHeaders): boolean {
  const source = headers.origin ?? headers.referer;
  if (source === undefined) return true;
  try {
    return new URL(source).host === headers.host;
  } catch {
    return false; // `Origin: null` (sandboxed frames, file:) and garbage
  }
}

/** 403 for a cross-site write (POST, PUT, PATCH, DELETE) to any route after it: CSRF. */
export const refuseCrossSiteWrites: RequestHandler = (req, _res, next) => {
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS' && !isSameOrigin(req.headers)) {
    throw new HttpError(403, 'cross_site', 'cross-site writes are refused');
  }
  next();
};
