/**
 * A provider 429 in the middle of an LLM synthesis: the call waits its Retry-After and is sent
 * again, so the calls already paid for are not repeated by a failed job's next attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SynthesisOutput } from '../../src/domain/synthesis.js';
import { startFakeOpenAI, type FakeLlmServer } from '../support/fake-openai.js';
import { synthesisInput } from '../support/synthesis-input.js';
import { analyzerFor, recordingContext } from './support/harness.js';

describe('LLM synthesis under a provider rate limit', () => {
  let server: FakeLlmServer;
  beforeAll(async () => { server = await startFakeOpenAI({ latencyMs: 50 }); });
  afterAll(async () => { await server?.close(); });

  it('a 429 mid-run waits its Retry-After and resends that call; no paid call is repeated', async () => {
    const input = synthesisInput({ interviews: 60, unitsPerParticipant: 10, seed: 21 });
    const analyzer = analyzerFor('openai', server, 'gpt-4o-mini', { contextTokens: 8192 });
    server.requests.length = 0;
    const clean = SynthesisOutput.parse(await analyzer.synthesize(input, recordingContext()));
    const cleanCalls = server.requests.length;
    expect(cleanCalls).toBeGreaterThan(6);

    server.requests.length = 0;
    const ctx = recordingContext();
    const run = analyzer.synthesize(input, ctx);
    while (server.requests.length < 4) await new Promise((r) => setTimeout(r, 5));
    server.inject({ kind: 'rate-limit', retryAfterSeconds: 1 }, 2);
    const started = Date.now();
    const out = SynthesisOutput.parse(await run);
    const limited = server.requests.filter((r) => r.status === 429).length;
    expect(limited).toBe(2);
    // every call answered once, plus the two refused ones resent
    expect(server.requests.filter((r) => r.status === 200).length).toBe(cleanCalls);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // it did wait the Retry-After
    const details = ctx.usages.at(-1)!.details as { parts: Record<string, { waits: number }> };
    expect(Object.values(details.parts).reduce((s, p) => s + p.waits, 0)).toBe(2);
    expect(out.themes.map((t) => [t.name, t.participants])).toEqual(clean.themes.map((t) => [t.name, t.participants]));
    expect(out.answers.map((a) => a.status)).toEqual(clean.answers.map((a) => a.status));
  }, 60_000);
});
