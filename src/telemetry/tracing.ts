import { INVALID_SPAN_CONTEXT, ProxyTracerProvider, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { BullMQOtel } from 'bullmq-otel';

/**
 * OpenTelemetry instrumentation. The code only uses the OpenTelemetry API, which does nothing
 * until an SDK is registered in the process (see README, Operations > Traces); then every run
 * is one trace: the HTTP request that starts it, BullMQ's producer and consumer spans of every
 * step (the context travels in the job, so across processes and pods), and inside each step
 * the SQL function calls and the analyzer (LLM) calls as child spans.
 *
 * Without an SDK nothing is instrumented at all: even the API's no-op spans cost the workers
 * measurable CPU per interview (a span, a context switch and an extra promise around every SQL
 * call, BullMQ's propagation metadata in every job), for nothing.
 */
export const TRACER_NAME = 'interview-flow';

/** The provider the API answers with until an SDK registers one (a module-wide singleton). */
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();

/** True when an SDK has registered a tracer provider in this process (src/ops/trace-export.ts, or a test's own). */
export function tracingEnabled(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NOOP_PROVIDER;
}

/**
 * BullMQ's telemetry option for every Queue, FlowProducer and Worker; none when no SDK is
 * registered yet, so the SDK must be registered before the queues and workers are made (the
 * `worker` and `api` commands do so first).
 */
export function bullTelemetry(): BullMQOtel | undefined {
  return tracingEnabled() ? new BullMQOtel({ tracerName: TRACER_NAME }) : undefined;
}

/** What `fn` gets when nothing is traced: a span that records nothing. */
const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** Runs `fn` in a new active span; errors are recorded on the span and rethrown. Without an SDK, just runs `fn`. */
export function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  if (!tracingEnabled()) {
    try {
      return fn(NO_SPAN);
    } catch (err) {
      return Promise.reject(err); // as from the span's async callback: a rejection, never a throw
    }
  }
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
      throw err;
    } finally {
      span.end();
    }
  });
}
