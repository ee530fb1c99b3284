import { BatchSpanProcessor, ConsoleSpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import type { OpsConfig } from '../config/ops-config.js';

export interface TraceExport {
  /** Sends the spans still buffered, then stops (call on shutdown, after the last step ended). */
  shutdown(): Promise<void>;
}

/**
 * Registers the OpenTelemetry SDK in this process so the instrumentation of src/telemetry/tracing.ts
 * is exported: a NodeTracerProvider (AsyncLocalStorage context, W3C trace-context propagation)
 * with the configured exporters. `otlp` is OTLP/HTTP with JSON bodies; the exporter reads the
 * standard OTEL_EXPORTER_OTLP_* variables (endpoint, headers, timeout) and the batch processor
 * OTEL_BSP_*. The service name is OTEL_SERVICE_NAME (or service.name in
 * OTEL_RESOURCE_ATTRIBUTES), else `interview-flow-<process>`. Returns null when nothing is exported.
 */
export function startTraceExport(traces: OpsConfig['traces'], processName: string): TraceExport | null {
  if (traces.exporters.length === 0) return null;
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': `interview-flow-${processName}` }))
    .merge(detectResources({ detectors: [envDetector] }));
  const spanProcessors = traces.exporters.map((kind) => kind === 'otlp'
    ? new BatchSpanProcessor(new OTLPTraceExporter())
    : new SimpleSpanProcessor(new ConsoleSpanExporter()));
  const provider = new NodeTracerProvider({ resource, spanProcessors });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}
