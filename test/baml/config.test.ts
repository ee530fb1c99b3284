/** LLM_* environment -> analyzer options, and the start-up messages for what is missing. */
import { describe, expect, it } from 'vitest';
import { BamlConfigError, bamlOptionsFromEnv, BamlEnv, createBamlAnalyzer } from '../../src/analyzers/baml/index.js';
import { DEFAULT_PRICING, costOf, priceOf } from '../../src/analyzers/baml/pricing.js';
import { buildStepClients } from '../../src/analyzers/baml/registry.js';
import { BamlAnalyzerOptions } from '../../src/analyzers/baml/config.js';

function configError(env: Record<string, string | undefined>): string {
  try {
    bamlOptionsFromEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(BamlConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('BamlEnv', () => {
  it('says exactly what is missing when nothing is configured', () => {
    const msg = configError({});
    expect(msg).toMatch(/LLM_PROVIDER is required for ANALYZER=baml: one of openai, anthropic, openai-generic/);
    expect(msg).toMatch(/LLM_MODEL is required/);
  });

  it('needs an API key for openai and anthropic, and names the alternative variable', () => {
    expect(configError({ LLM_PROVIDER: 'openai', LLM_MODEL: 'gpt-4o-mini' })).toMatch(/LLM_API_KEY \(or OPENAI_API_KEY\) is required for LLM_PROVIDER=openai/);
    expect(configError({ LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-haiku-4-5' })).toMatch(/ANTHROPIC_API_KEY/);
    expect(bamlOptionsFromEnv({ LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-haiku-4-5', ANTHROPIC_API_KEY: 'sk-ant' }).providers.primary!.apiKey).toBe('sk-ant');
  });

  it('needs a base URL (and no key) for an OpenAI-compatible endpoint such as Ollama', () => {
    expect(configError({ LLM_PROVIDER: 'openai-generic', LLM_MODEL: 'llama3.1:8b' })).toMatch(/LLM_BASE_URL is required for LLM_PROVIDER=openai-generic/);
    const o = bamlOptionsFromEnv({ LLM_PROVIDER: 'openai-generic', LLM_MODEL: 'llama3.1:8b', LLM_BASE_URL: 'http://localhost:11434/v1' });
    expect(o.providers.primary).toMatchObject({ kind: 'openai-generic', baseUrl: 'http://localhost:11434/v1' });
    expect(o.providers.primary!.apiKey).toBeUndefined();
    expect(o.models.evidence.model).toBe('llama3.1:8b');
  });

  it('reads a model per step, a cross-provider fallback chain, pricing, budget and batching', () => {
    const o = BamlEnv.parse({
      LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-1', LLM_MODEL: 'gpt-4.1', LLM_MODEL_EVIDENCE: 'gpt-4o-mini',
      LLM_FALLBACK_MODELS: 'gpt-4o, anthropic:claude-haiku-4-5', ANTHROPIC_API_KEY: 'sk-ant',
      LLM_PRICING_JSON: '{"gpt-4.1":{"input":1,"output":2}}', LLM_BUDGET_USD: '0.5', LLM_TIMEOUT_MS: '30000',
      LLM_MAX_RETRIES: '2', LLM_EVIDENCE_BATCH_TOKENS: '3000', LLM_EVIDENCE_BATCH_OVERLAP: '3',
    });
    expect(o.models.evidence).toEqual({ provider: 'primary', model: 'gpt-4o-mini' });
    expect(o.models.insights).toEqual({ provider: 'primary', model: 'gpt-4.1' });
    expect(o.fallback).toEqual([{ provider: 'primary', model: 'gpt-4o' }, { provider: 'anthropic', model: 'claude-haiku-4-5' }]);
    expect(o.providers.anthropic).toMatchObject({ kind: 'anthropic', apiKey: 'sk-ant' });
    expect(o.pricing['gpt-4.1']).toEqual({ input: 1, output: 2 });
    expect(o).toMatchObject({ budgetUsd: 0.5, timeoutMs: 30000, retry: { maxRetries: 2 }, batching: { maxTokens: 3000, overlapUtterances: 3 } });
  });

  it('synthesis calls use LLM_MODEL_SYNTHESIS, else the insights model', () => {
    const base = { LLM_PROVIDER: 'openai', LLM_API_KEY: 'k', LLM_MODEL: 'gpt-4o-mini' };
    expect(BamlEnv.parse(base).models.synthesis).toEqual({ provider: 'primary', model: 'gpt-4o-mini' });
    expect(BamlEnv.parse({ ...base, LLM_MODEL_INSIGHTS: 'gpt-4.1' }).models.synthesis).toEqual({ provider: 'primary', model: 'gpt-4.1' });
    const own = BamlEnv.parse({ ...base, LLM_MODEL_INSIGHTS: 'gpt-4.1', LLM_MODEL_SYNTHESIS: 'o3' });
    expect(own.models.synthesis).toEqual({ provider: 'primary', model: 'o3' });
    expect(own.models.insights).toEqual({ provider: 'primary', model: 'gpt-4.1' });
    // the synthesis calls' client: that model; options built in code without one: the insights model
    expect(buildStepClients(createBamlAnalyzer({ ...base, LLM_MODEL_SYNTHESIS: 'o3' }).options, 'synthesis').primary.model).toBe('o3');
    const ref = (model: string) => ({ provider: 'p', model });
    const coded = BamlAnalyzerOptions.parse({ providers: { p: { kind: 'openai', apiKey: 'k' } }, models: { evidence: ref('a'), insights: ref('b'), personas: ref('c'), answers: ref('d') } });
    expect(buildStepClients(coded, 'synthesis').primary.model).toBe('b');
  });

  it('refuses a fallback on another provider without its key, and bad pricing JSON', () => {
    expect(configError({ LLM_PROVIDER: 'openai', LLM_API_KEY: 'k', LLM_MODEL: 'm', LLM_FALLBACK_MODELS: 'anthropic:claude-haiku-4-5' }))
      .toMatch(/"anthropic:claude-haiku-4-5" needs ANTHROPIC_API_KEY/);
    expect(configError({ LLM_PROVIDER: 'openai', LLM_API_KEY: 'k', LLM_MODEL: 'm', LLM_PRICING_JSON: '{"m": 1}' }))
      .toMatch(/LLM_PRICING_JSON must map model names/);
  });

  it('reads budgets, quotas, token batching and context; refuses bad quota values', () => {
    const base = { LLM_PROVIDER: 'openai', LLM_API_KEY: 'k', LLM_MODEL: 'gpt-4o-mini' };
    const o = bamlOptionsFromEnv({
      ...base, LLM_PROJECT_BUDGET_USD: '20', LLM_ACCOUNT_BUDGET_USD: '100', LLM_QUOTA_RPM: '500', LLM_QUOTA_TPM: '200000',
      LLM_QUOTAS_JSON: '{"gpt-4.1": {"rpm": 50, "inputTpm": 30000}}', LLM_QUOTA_MAX_WAIT_MS: '0', LLM_QUOTA_WINDOW_MS: '6000',
      LLM_EVIDENCE_BATCH_TOKENS: '4000', LLM_CONTEXT_TOKENS: '32768', LLM_OUTPUT_TOKENS_RATIO: '0.5',
    });
    expect(o).toMatchObject({
      projectBudgetUsd: 20, accountBudgetUsd: 100, contextTokens: 32768, batching: { maxTokens: 4000 },
      estimates: { outputRatio: 0.5, quotaOutputRatio: 1 },
      quotas: { default: { rpm: 500, tpm: 200000 }, models: { 'gpt-4.1': { rpm: 50, inputTpm: 30000 } }, maxWaitMs: 0, windowMs: 6000 },
    });
    expect(configError({ ...base, LLM_QUOTA_TPM: '1.5' })).toMatch(/LLM_QUOTA_TPM must be a whole number/);
    expect(configError({ ...base, LLM_QUOTAS_JSON: '{"m": {"rpm": "many"}}' })).toMatch(/LLM_QUOTAS_JSON must map model names/);
    expect(configError({ ...base, LLM_QUOTAS_JSON: 'not json' })).toMatch(/LLM_QUOTAS_JSON must map model names/);
  });

  it('createBamlAnalyzer builds the analyzer from the environment', () => {
    const a = createBamlAnalyzer({ LLM_PROVIDER: 'openai', LLM_API_KEY: 'k', LLM_MODEL: 'gpt-4o-mini' });
    expect(a.name).toBe('baml');
    expect(a.options.timeoutMs).toBe(120_000);
  });
});

describe('pricing', () => {
  it('matches dated model names by prefix, longest first', () => {
    expect(priceOf(DEFAULT_PRICING, 'claude-sonnet-4-5-20250929')).toEqual(DEFAULT_PRICING['claude-sonnet-4-5']);
    expect(priceOf(DEFAULT_PRICING, 'gpt-4o-mini-2024-07-18')).toEqual(DEFAULT_PRICING['gpt-4o-mini']);
    expect(priceOf(DEFAULT_PRICING, 'openai/gpt-4o')).toEqual(DEFAULT_PRICING['gpt-4o']);
    expect(priceOf(DEFAULT_PRICING, 'llama3.1:8b')).toBeUndefined();
  });

  it('prices cached prompt tokens at the cached rate', () => {
    const usd = costOf({ input: 2, output: 8, cachedInput: 0.5 }, { inputTokens: 1_000_000, cachedTokens: 400_000, outputTokens: 100_000 });
    expect(usd).toBeCloseTo(0.6 * 2 + 0.4 * 0.5 + 0.1 * 8, 9);
  });
});
