import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { BullMQOtel } from 'bullmq-otel';

/**
 * OpenTelemetry instrumentation. The code only uses the OpenTelemetry API, which does nothing
 * until an SDK is registered in the process (see README, Operations > Traces); then every run
 * is one trace: the HTTP request that starts it, BullMQ's producer and consumer spans of every
 * step (the context travels in the job, so across processes and pods), and inside each step
 * the SQL function calls and the analyzer (LLM) calls as child spans.
 */
export const TRACER_NAME = 'interview-flow';

/** BullMQ's telemetry option for every Queue, FlowProducer and Worker. */
export function bullTelemetry(): BullMQOtel {
  return new BullMQOtel({ tracerName: TRACER_NAME });
}

/** Runs `fn` in a new active span; errors are recorded on the span and rethrown. */
export function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
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
