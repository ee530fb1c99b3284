import { afterEach, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { bullTelemetry, inSpan, tracingEnabled } from '../../src/telemetry/tracing.js';

/**
 * Without an OpenTelemetry SDK nothing is instrumented (no BullMQ telemetry, no span around a
 * call); with one registered, the same calls are spans (the whole trace: test/ops/traces.test.ts).
 */
describe('tracing only with an SDK', () => {
  afterEach(() => trace.disable());

  it('without an SDK: no BullMQ telemetry, inSpan just runs the call and a throw becomes a rejection', async () => {
    expect(tracingEnabled()).toBe(false);
    expect(bullTelemetry()).toBeUndefined();
    await expect(inSpan('sql x', {}, async (span) => (span.isRecording() ? 'recording' : 'plain'))).resolves.toBe('plain');
    const failing = inSpan('sql x', {}, () => { throw new Error('boom'); });
    await expect(failing).rejects.toThrow('boom');
  });

  it('with an SDK registered: BullMQ telemetry and a span per call, errors recorded on it', async () => {
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    expect(tracingEnabled()).toBe(true);
    expect(bullTelemetry()).toBeDefined();
    await expect(inSpan('sql ok', {}, async (span) => (span.isRecording() ? 'recording' : 'plain'))).resolves.toBe('recording');
    await expect(inSpan('sql bad', {}, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(exporter.getFinishedSpans().map((s) => [s.name, s.status.code])).toEqual([['sql ok', 0], ['sql bad', 2]]);
    trace.disable();
    expect(tracingEnabled()).toBe(false);
  });
});
