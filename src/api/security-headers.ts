import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** The JSON API: helmet's defaults (nosniff, no framing, HSTS, a CSP that allows nothing). */
export const apiHeaders: RequestHandler = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });

/**
 * Bull Board is a single-page app with inline bootstrap code and styles: same-origin everything,
 * no framing (clickjacking of its write buttons), no third-party requests.
 */
export const dashboardHeaders: RequestHandler = helmet({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
  },
});
