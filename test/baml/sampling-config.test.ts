import { describe, expect, it } from 'vitest';
import { bamlOptionsFromEnv } from '../../src/analyzers/baml/config.js';
import { buildStepClients } from '../../src/analyzers/baml/registry.js';
import { b } from '../../src/baml_client/index.js';

const base = { LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-test', LLM_MODEL: 'gpt-4o-mini', LLM_BASE_URL: 'http://127.0.0.1:9/v1' };

/** The request body BAML would send for a synthesis call with these settings (no network). */
async function body(env: Record<string, string>) {
  const { registry } = buildStepClients(bamlOptionsFromEnv({ ...base, ...env }), 'synthesis');
  return (await b.request.MergeThemes([], null, { clientRegistry: registry })).body.json() as Record<string, unknown>;
}

describe('sampling and synthesis settings', () => {
  it('default: temperature 0 and seed 0 in the request; synthesis batches of 16,000 tokens, 4 calls at once', async () => {
    const o = bamlOptionsFromEnv(base);
    expect(o.sampling).toEqual({ temperature: 0, seed: 0 });
    expect(o.synthesis).toEqual({ maxPromptTokens: 16_000, concurrency: 4 });
    expect(await body({})).toMatchObject({ temperature: 0, seed: 0 });
  });

  it('configurable, or left out for models that only take their default', async () => {
    expect(await body({ LLM_TEMPERATURE: '0.4', LLM_SEED: '42' })).toMatchObject({ temperature: 0.4, seed: 42 });
    const none = await body({ LLM_TEMPERATURE: 'default', LLM_SEED: 'none' });
    expect(none).not.toHaveProperty('temperature');
    expect(none).not.toHaveProperty('seed');
    expect(bamlOptionsFromEnv({ ...base, LLM_SYNTHESIS_BATCH_TOKENS: '4000', LLM_SYNTHESIS_CONCURRENCY: '2' }).synthesis).toEqual({ maxPromptTokens: 4000, concurrency: 2 });
  });

  it('Anthropic gets the temperature but no seed (its API has none)', async () => {
    const { registry } = buildStepClients(bamlOptionsFromEnv({ ...base, LLM_PROVIDER: 'anthropic' }), 'synthesis');
    const sent = (await b.request.MergeThemes([], null, { clientRegistry: registry })).body.json() as Record<string, unknown>;
    expect(sent.temperature).toBe(0);
    expect(sent).not.toHaveProperty('seed');
  });

  it('bad values name the variable', () => {
    expect(() => bamlOptionsFromEnv({ ...base, LLM_TEMPERATURE: 'hot' })).toThrow(/LLM_TEMPERATURE must be 0-2/);
    expect(() => bamlOptionsFromEnv({ ...base, LLM_TEMPERATURE: '3' })).toThrow(/LLM_TEMPERATURE must be 0-2/);
    expect(() => bamlOptionsFromEnv({ ...base, LLM_SEED: '1.5' })).toThrow(/LLM_SEED must be a whole number/);
    expect(() => bamlOptionsFromEnv({ ...base, LLM_SYNTHESIS_BATCH_TOKENS: '10' })).toThrow(/LLM_SYNTHESIS_BATCH_TOKENS must be >= 1000/);
  });
});
