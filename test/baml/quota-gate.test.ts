/**
 * The shared quota gate on real Redis: two gates on separate connections stand for two worker
 * processes. A call waits for capacity in the worker when the wait is short, becomes a
 * RetryLaterError (a delayed job, no attempt used) when it is long, and a provider's 429 with
 * Retry-After and x-ratelimit-* headers stops every process until then, before the provider
 * sees another request.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BamlAnalyzer, RedisQuotaGate } from '../../src/analyzers/baml/index.js';
import { QuotaOptions } from '../../src/analyzers/baml/config.js';
import { RetryLaterError } from '../../src/domain/errors.js';
import { startFakeOpenAI, type FakeLlmServer } from '../support/fake-openai.js';
import { interviewUtterances, recordingContext, uuid } from './support/harness.js';

const signal = new AbortController().signal;
const cost = { requests: 1, inputTokens: 100, outputTokens: 100 };

describe('shared quota gate (Redis token buckets)', () => {
  const a = new Redis('redis://127.0.0.1:6379');
  const b = new Redis('redis://127.0.0.1:6379');
  let server: FakeLlmServer;
  afterAll(async () => {
    a.disconnect();
    b.disconnect();
    await server?.close();
  });
  beforeAll(async () => { server = await startFakeOpenAI(); });

  const gates = (limits: { rpm?: number; tpm?: number }, windowMs: number, maxWaitMs: number) => {
    // a fresh key prefix per case: nothing left over from other runs
    const options = QuotaOptions.parse({ default: limits, windowMs, maxWaitMs, keyPrefix: `test:quota:${randomUUID()}` });
    return [new RedisQuotaGate(a, options), new RedisQuotaGate(b, options)] as const;
  };
  const key = { provider: 'openai', model: 'gpt-4o-mini' };

  it('two processes share one request bucket: the fourth call in a 3-per-second window waits its turn', async () => {
    const [g1, g2] = gates({ rpm: 3 }, 1000, 5000);
    const call = async (g: RedisQuotaGate) => (await g.acquire(key, cost, signal)).settle(cost); // a quick call
    const t0 = Date.now();
    await call(g1);
    await call(g2);
    await call(g1);
    expect(Date.now() - t0).toBeLessThan(250);
    await call(g2); // one request refills in 333 ms
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  });

  it('a long wait is a RetryLaterError with the wait, unless the step already paid for calls', async () => {
    const [g1, g2] = gates({ tpm: 1000 }, 2000, 200);
    const big = { requests: 1, inputTokens: 600, outputTokens: 400 };
    await (await g1.acquire(key, big, signal)).settle(big);
    const err = await g2.acquire(key, cost, signal).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(RetryLaterError);
    // 200 tokens at 500 tokens/s: about 400 ms
    expect((err as RetryLaterError).retryAfterMs).toBeGreaterThanOrEqual(350);
    expect((err as RetryLaterError).message).toMatch(/waiting for the gpt-4o-mini quota \(1000 tokens\/2000 ms/);
    const t0 = Date.now();
    await g2.acquire(key, cost, signal, { mayDefer: false });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  });

  it('a call in flight holds its reservation until it settles; settling gives back what it did not use', async () => {
    const [g1, g2] = gates({ tpm: 1000 }, 60_000, 100);
    const ticket = await g1.acquire(key, { requests: 1, inputTokens: 500, outputTokens: 500 }, signal);
    await expect(g2.acquire(key, cost, signal)).rejects.toBeInstanceOf(RetryLaterError);
    await ticket.settle({ requests: 1, inputTokens: 300, outputTokens: 100 });
    await g2.acquire(key, cost, signal); // 600 left
  });

  it("a provider's 429 stops every process for its Retry-After, before the provider sees another request", async () => {
    const options = { default: { rpm: 1000 }, windowMs: 60_000, maxWaitMs: 100, keyPrefix: `test:quota:${randomUUID()}` };
    const ref = { provider: 'main', model: 'gpt-4o-mini' };
    const make = (redis: Redis) => new BamlAnalyzer({
      providers: { main: { kind: 'openai', baseUrl: server.url, apiKey: 'k' } },
      models: { evidence: ref, insights: ref, personas: ref, answers: ref }, quotas: options,
    }, { quota: new RedisQuotaGate(redis, QuotaOptions.parse(options)) });
    const utterances = (await interviewUtterances(2)).slice(0, 8);
    server.inject({ kind: 'rate-limit', retryAfterSeconds: 3 });
    const first = await make(a).extractEvidence({ interviewId: uuid(), projectId: uuid(), utterances }, recordingContext()).then(() => null, (e: unknown) => e);
    expect(first).toBeInstanceOf(RetryLaterError);
    const seen = server.requests.length;
    const second = await make(b).extractEvidence({ interviewId: uuid(), projectId: uuid(), utterances }, recordingContext()).then(() => null, (e: unknown) => e);
    expect(second).toBeInstanceOf(RetryLaterError);
    expect((second as RetryLaterError).message).toMatch(/quota/);
    expect((second as RetryLaterError).retryAfterMs).toBeGreaterThan(2000);
    expect(server.requests.length).toBe(seen); // the other "process" never called the provider
  });
});
