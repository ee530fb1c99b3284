import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, propagation, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { createHarness, http, type Harness } from '../support/harness.js';
import { STEPS } from '../../src/domain/steps.js';
import { interviewTexts } from './support/integrity.js';

/**
 * One trace per run: the HTTP request that submits the interview, then BullMQ's spans of every
 * step (the context travels inside the jobs, also through the layer evidence adds), with the SQL
 * function calls and the analyzer calls as child spans. Collected with an in-memory exporter.
 */
describe('OpenTelemetry traces', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let h: Harness;
  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('puts the request, every step, its SQL calls and its LLM calls in one trace', async () => {
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: interviewTexts()[0], questions: ['What slows them down?'] },
      { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    expect(created.status).toBe(202);
    const done = await h.waitForJob(created.body.analysisJobId, (j) => j.status === 'completed' || j.status === 'failed', 60_000);
    expect(done.status).toBe('completed');
    // the database says completed when finalize commits; its BullMQ span ends a moment later
    for (let i = 0; i < 100 && !exporter.getFinishedSpans().some((s) => s.name === 'process finalize'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await provider.forceFlush();

    const spans = exporter.getFinishedSpans();
    const request = spans.find((s) => s.name === 'POST /v1/interviews');
    expect(request).toBeTruthy();
    // the caller's traceparent is continued
    const traceId = request!.spanContext().traceId;
    expect(traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    const names = new Set(spans.filter((s) => s.spanContext().traceId === traceId).map((s) => s.name));
    for (const step of STEPS) expect(names, step).toContain(`process ${step}`);
    // finalize joins the parallel layer itself: no fanout job in the run
    expect(names).not.toContain('process fanout');
    for (const sql of ['sql create_interview_with_run', 'sql start_step', 'sql commit_evidence', 'sql commit_finalize']) expect(names, sql).toContain(sql);
    for (const llm of ['llm extractEvidence', 'llm generateInsights', 'llm assignPersonas', 'llm attributeAnswers']) expect(names, llm).toContain(llm);
    // the analyzer call is a child of its step's span, not a trace of its own
    const evidenceStep = spans.find((s) => s.name === 'process evidence' && s.spanContext().traceId === traceId)!;
    const llm = spans.find((s) => s.name === 'llm extractEvidence' && s.spanContext().traceId === traceId)!;
    const parentOf = (s: typeof llm) => s.parentSpanContext?.spanId;
    let cursor: typeof llm | undefined = llm;
    const chain: string[] = [];
    while (cursor && chain.length < 10) {
      chain.push(cursor.name);
      const parent = parentOf(cursor);
      cursor = spans.find((s) => s.spanContext().spanId === parent);
    }
    expect(chain).toContain(evidenceStep.name);
  }, 120_000);
});
