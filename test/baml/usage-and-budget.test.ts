/**
 * Usage recorded per call equals what the provider reported, priced from the pricing table
 * (cached prompt tokens at the cached rate); the per-interview budget refuses calls before they
 * spend more.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/domain/errors.js';
import type { Utterance } from '../../src/domain/transcript.js';
import type { FakeLlmServer } from '../support/fake-openai.js';
import { analyzerFor, interviewUtterances, PROVIDERS, recordingContext, uuid } from './support/harness.js';

const PRICE = { input: 2, output: 8, cachedInput: 0.5 };

describe.each(PROVIDERS)('usage and budget against a fake $name server', ({ name, start }) => {
  let server: FakeLlmServer;
  let utterances: Utterance[];
  const model = `${name}-priced-model`;

  beforeAll(async () => {
    server = await start({ cachedTokens: 300 });
    utterances = await interviewUtterances(7);
  });
  afterAll(async () => { await server.close(); });
  beforeEach(() => { server.requests.length = 0; });

  it('records the tokens the server reported and prices them from the (overridden) table', async () => {
    const analyzer = analyzerFor(name, server, model, { pricing: { [model]: PRICE }, batching: { maxTokens: 1000, overlapUtterances: 1 } });
    const ctx = recordingContext();
    await analyzer.extractEvidence({ interviewId: uuid(), projectId: uuid(), utterances }, ctx);

    expect(server.requests.length).toBeGreaterThan(1); // several batches
    const reported = server.totals();
    const total = ctx.total();
    expect(total.calls).toBe(server.requests.length);
    expect(total.inputTokens).toBe(reported.inputTokens);
    expect(total.outputTokens).toBe(reported.outputTokens);
    expect(total.cachedTokens).toBe(reported.cachedTokens);
    expect(total.cachedTokens).toBe(300 * server.requests.length);
    const expected = ((reported.inputTokens - reported.cachedTokens) * PRICE.input
      + reported.cachedTokens * PRICE.cachedInput + reported.outputTokens * PRICE.output) / 1e6;
    expect(total.costUsd).toBeCloseTo(expected, 8);
    expect(total.model).toBe(model);
    // one recordUsage per LLM call plus the step summary
    expect(ctx.usages.filter((u) => (u.calls ?? 0) > 0)).toHaveLength(server.requests.length);
  });

  it('an unpriced model costs 0 and is named in the details', async () => {
    const ctx = recordingContext();
    await analyzerFor(name, server, 'llama3.1:8b').extractEvidence({ interviewId: uuid(), projectId: uuid(), utterances: utterances.slice(0, 6) }, ctx);
    expect(ctx.total().costUsd).toBe(0);
    expect(ctx.total().inputTokens).toBeGreaterThan(0);
    expect(ctx.usages[0]!.details).toMatchObject({ unpricedModels: ['llama3.1:8b'] });
  });

  it('refuses a call that would exceed the budget before sending it', async () => {
    const analyzer = analyzerFor(name, server, model, { pricing: { [model]: PRICE }, budgetUsd: 0.0001 });
    const err = await analyzer.extractEvidence({ interviewId: uuid(), projectId: uuid(), utterances }, recordingContext())
      .then(() => undefined, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err!.message).toMatch(/budget exceeded.*LLM_BUDGET_USD/);
    expect(server.requests).toHaveLength(0);
  });

  it('stops between batches once the interview has spent its budget, and continues when it is raised', async () => {
    const interviewId = uuid();
    const opts = { pricing: { [model]: PRICE }, batching: { maxTokens: 1000, overlapUtterances: 1 } };
    // Measure what one batch costs, then allow a little more than that.
    const probe = recordingContext();
    await analyzerFor(name, server, model, opts).extractEvidence({ interviewId: uuid(), projectId: uuid(), utterances }, probe);
    const batches = server.requests.length;
    const perBatch = probe.total().costUsd / batches;
    server.requests.length = 0;

    const err = await analyzerFor(name, server, model, { ...opts, budgetUsd: perBatch * 1.5 })
      .extractEvidence({ interviewId, projectId: uuid(), utterances }, recordingContext())
      .then(() => undefined, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(PermanentError);
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
    expect(server.requests.length).toBeLessThan(batches);

    // The step runner passes what the interview has spent so far; a raised budget lets it through.
    server.requests.length = 0;
    const ctx = recordingContext({ spentUsd: perBatch });
    await analyzerFor(name, server, model, { ...opts, budgetUsd: perBatch * (batches + 3) })
      .extractEvidence({ interviewId, projectId: uuid(), utterances }, ctx);
    expect(server.requests).toHaveLength(batches);
  });
});
