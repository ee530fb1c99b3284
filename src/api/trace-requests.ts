import type { RequestHandler } from 'express';
import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { TRACER_NAME } from '../telemetry/tracing.js';

/**
 * One server span per request (continuing a caller's `traceparent`), active while the route
 * runs, so a run's flow (added inside it) and all its steps belong to the request's trace.
 */
export const traceRequests: RequestHandler = (req, res, next) => {
  const parent = propagation.extract(context.active(), req.headers);
  const span = trace.getTracer(TRACER_NAME).startSpan(`${req.method} ${req.path}`, {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': req.method, 'url.path': req.path },
  }, parent);
  res.on('finish', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), () => next());
};
