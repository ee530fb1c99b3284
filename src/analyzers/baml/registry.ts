import { ClientRegistry } from '@boundaryml/baml';
import type { BamlAnalyzerOptions, LlmStep, ModelRef, ProviderConfig } from './config.js';

/** Names of the retry policies defined in baml_src/clients.baml, by max retries. */
const RETRY_POLICIES = [undefined, 'RetryOnce', 'RetryTwice', 'RetryThrice'] as const;

export interface StepClients {
  registry: ClientRegistry;
  /** BAML client name -> the model it calls, to attribute usage to the model that answered. */
  models: Map<string, ModelRef>;
  /** The step's own model (first in the chain). */
  primary: ModelRef;
}

/** BAML provider options for one leaf client. */
function leafOptions(provider: ProviderConfig, model: string, options: BamlAnalyzerOptions): Record<string, unknown> {
  const { timeoutMs, sampling } = options;
  const http = { request_timeout_ms: timeoutMs, connect_timeout_ms: Math.min(timeoutMs, 10_000) };
  const common: Record<string, unknown> = { model, http };
  // BAML passes options it does not know through to the request body
  if (sampling.temperature !== null) common.temperature = sampling.temperature;
  if (sampling.seed !== null && provider.kind !== 'anthropic') common.seed = sampling.seed;
  if (provider.baseUrl) common.base_url = provider.baseUrl.replace(/\/+$/, '');
  if (provider.apiKey) common.api_key = provider.apiKey;
  if (Object.keys(provider.headers).length > 0) common.headers = provider.headers;
  if (provider.kind === 'anthropic') common.max_tokens = provider.maxTokens;
  return common;
}

/**
 * Builds a fresh ClientRegistry for one call of one step: the step's model, then the fallback
 * chain (duplicates removed), each as a leaf client with the configured timeout and retry
 * policy, behind a `fallback` client when there is more than one.
 */
export function buildStepClients(options: BamlAnalyzerOptions, step: LlmStep | string): StepClients {
  const registry = new ClientRegistry();
  const models = new Map<string, ModelRef>();
  const chain: ModelRef[] = [];
  // steps without a model of their own (synthesis functions) use the insights model
  const own = (options.models as Record<string, ModelRef | undefined>)[step] ?? options.models.insights;
  for (const ref of [own, ...options.fallback]) {
    if (!chain.some((c) => c.provider === ref.provider && c.model === ref.model)) chain.push(ref);
  }
  const retryPolicy = RETRY_POLICIES[options.retry.maxRetries];
  chain.forEach((ref, i) => {
    const provider = options.providers[ref.provider]!;
    const name = `M${i}`;
    registry.addLlmClient(name, provider.kind, leafOptions(provider, ref.model, options), retryPolicy);
    models.set(name, ref);
  });
  if (chain.length > 1) {
    registry.addLlmClient('Chain', 'fallback', { strategy: chain.map((_, i) => `M${i}`) });
    registry.setPrimary('Chain');
  } else {
    registry.setPrimary('M0');
  }
  return { registry, models, primary: chain[0]! };
}
