/**
 * Fault injection through the fake provider servers: each failure must surface as the typed
 * error the step runner acts on, with a clear message, and never leave a call hanging.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PermanentError, RetryLaterError, StepTimeoutError } from '../../src/domain/errors.js';
import type { Utterance } from '../../src/domain/transcript.js';
import type { FakeLlmServer } from '../support/fake-openai.js';
import { analyzerFor, interviewUtterances, PROVIDERS, recordingContext, uuid } from './support/harness.js';

async function failureOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

describe.each(PROVIDERS)('fault injection against a fake $name server', ({ name, model, start }) => {
  let server: FakeLlmServer;
  let utterances: Utterance[];
  const req = () => ({ interviewId: uuid(), projectId: uuid(), utterances });

  beforeAll(async () => {
    server = await start();
    utterances = (await interviewUtterances(5)).slice(0, 8);
  });
  afterAll(async () => { await server.close(); });
  beforeEach(() => { server.requests.length = 0; });

  it('429 with Retry-After becomes RetryLaterError carrying the delay, after one request', async () => {
    server.inject({ kind: 'rate-limit', retryAfterSeconds: 7 });
    const err = await failureOf(analyzerFor(name, server, model).extractEvidence(req(), recordingContext()));
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(7000);
    expect(err.message).toMatch(/429/);
    expect(server.requests).toHaveLength(1);
  });

  it('500 becomes a plain, retryable Error naming the status', async () => {
    server.inject({ kind: 'server-error' });
    const err = await failureOf(analyzerFor(name, server, model).extractEvidence(req(), recordingContext()));
    expect(err).not.toBeInstanceOf(PermanentError);
    expect(err).not.toBeInstanceOf(RetryLaterError);
    expect(err.message).toMatch(/HTTP 500/);
  });

  it('a hang past the timeout becomes a retryable timeout Error, on time', async () => {
    server.inject({ kind: 'hang' });
    const started = Date.now();
    const err = await failureOf(analyzerFor(name, server, model, { timeoutMs: 1500 }).extractEvidence(req(), recordingContext()));
    const took = Date.now() - started;
    expect(err).not.toBeInstanceOf(PermanentError);
    expect(err.message).toMatch(/did not answer within 1500 ms/);
    expect(took).toBeGreaterThanOrEqual(1400);
    expect(took).toBeLessThan(5000);
  });

  it('garbage output is a retryable parse Error, not an empty result', async () => {
    server.inject({ kind: 'garbage' });
    const err = await failureOf(analyzerFor(name, server, model).extractEvidence(req(), recordingContext()));
    expect(err).not.toBeInstanceOf(PermanentError);
    expect(err.message).toMatch(/unparseable output|does not match the schema/);
  });

  it('400 context_length_exceeded fails at once as PermanentError', async () => {
    server.inject({ kind: 'context-length' });
    const err = await failureOf(analyzerFor(name, server, model).extractEvidence(req(), recordingContext()));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toMatch(/context length exceeded/);
  });

  it('401 fails at once as PermanentError pointing at the API key', async () => {
    server.inject({ kind: 'unauthorized' });
    const err = await failureOf(analyzerFor(name, server, model).extractEvidence(req(), recordingContext()));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toMatch(/LLM_API_KEY/);
  });

  it("the job's AbortSignal stops a call in flight with the signal's reason", async () => {
    server.inject({ kind: 'hang' });
    const ctx = recordingContext();
    const reason = new StepTimeoutError('evidence exceeded its deadline');
    setTimeout(() => ctx.controller.abort(reason), 300);
    const started = Date.now();
    const err = await failureOf(analyzerFor(name, server, model, { timeoutMs: 30_000 }).extractEvidence(req(), ctx));
    expect(err).toBe(reason);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.requests).toHaveLength(1);
  });

  it('an already aborted signal makes no request', async () => {
    const ctx = recordingContext();
    ctx.controller.abort(new StepTimeoutError('worker shutting down'));
    const err = await failureOf(analyzerFor(name, server, model).extractEvidence(req(), ctx));
    expect(err).toBeInstanceOf(StepTimeoutError);
    expect(server.requests).toHaveLength(0);
  });

  it('a fallback model answers when the step model fails, and usage names the model that answered', async () => {
    const fallbackModel = name === 'openai' ? 'gpt-4.1-mini' : 'claude-sonnet-4-5';
    server.inject({ kind: 'server-error' }, 1, model);
    const analyzer = analyzerFor(name, server, model, { fallback: [{ provider: 'main', model: fallbackModel }] });
    const ctx = recordingContext();
    const evidence = await analyzer.extractEvidence(req(), ctx);
    expect(evidence.length).toBeGreaterThan(0);
    expect(server.requests.map((r) => [r.model, r.status])).toEqual([[model, 500], [fallbackModel, 200]]);
    const total = ctx.total();
    expect(total.calls).toBe(2);
    expect(total.model).toBe(fallbackModel);
    const answered = server.requests[1]!.usage;
    expect(total.inputTokens).toBe(answered.inputTokens);
    // priced at the fallback's rate, not the configured model's
    const price = name === 'openai' ? { input: 0.4, output: 1.6 } : { input: 3, output: 15 };
    expect(total.costUsd).toBeCloseTo((answered.inputTokens * price.input + answered.outputTokens * price.output) / 1e6, 9);
  });

  it('LLM_MAX_RETRIES retries a 500 inside the call before giving up', async () => {
    server.inject({ kind: 'server-error' }, 1);
    const ctx = recordingContext();
    const evidence = await analyzerFor(name, server, model, { retry: { maxRetries: 1 } }).extractEvidence(req(), ctx);
    expect(evidence.length).toBeGreaterThan(0);
    expect(server.requests.map((r) => r.status)).toEqual([500, 200]);
    expect(ctx.total().calls).toBe(2);
  });
});

describe('an unreachable endpoint', () => {
  it('is a retryable network Error naming the URL', async () => {
    const closed = await PROVIDERS[0]!.start();
    const url = closed.url;
    await closed.close();
    const err = await failureOf(analyzerFor('openai', closed, 'gpt-4o-mini').extractEvidence(
      { interviewId: uuid(), projectId: uuid(), utterances: (await interviewUtterances(5)).slice(0, 4) }, recordingContext(),
    ));
    expect(err).not.toBeInstanceOf(PermanentError);
    expect(err).not.toBeInstanceOf(RetryLaterError);
    expect(err.message).toContain(`could not reach ${url}/chat/completions`);
  });
});
