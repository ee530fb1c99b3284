import { BamlAnalyzer, type BamlAnalyzerDeps } from './baml-analyzer.js';
import type { Redis } from 'ioredis';
import type { SpendLedger } from '../../ports/spend-ledger.js';
import { bamlOptionsFromEnv } from './config.js';
import { RedisQuotaGate } from './redis-quota.js';

export { BamlAnalyzer, type BamlAnalyzerDeps } from './baml-analyzer.js';
export { LlmCaller, type LlmCallSpec, type LlmCallContext, type CallOpts, type ParseCheck, type CallEstimate } from './llm-call.js';
export { MemorySpendLedger } from './memory-ledger.js';
export { RedisQuotaGate } from './redis-quota.js';
export { countTextTokens, encodingFor } from './tokens.js';
export {
  BamlAnalyzerOptions, BamlEnv, BamlConfigError, bamlOptionsFromEnv,
  type BamlAnalyzerOptionsInput, type ModelRef, type ProviderConfig,
} from './config.js';
export { DEFAULT_PRICING, PricingTable, ModelPrice } from './pricing.js';

/** Builds the analyzer from LLM_* variables; throws BamlConfigError naming what is missing. */
export function createBamlAnalyzer(
  env: Readonly<Record<string, string | undefined>>,
  shared: { ledger?: SpendLedger | undefined; redis?: Redis | undefined } = {},
): BamlAnalyzer {
  const options = bamlOptionsFromEnv(env);
  const q = options.quotas;
  const limited = Object.values(q.default).some(Boolean) || Object.keys(q.models).length > 0;
  const deps: BamlAnalyzerDeps = {
    ledger: shared.ledger,
    // quotas are shared through Redis; without it (a lone analyzer) they are not enforced
    quota: limited && shared.redis ? new RedisQuotaGate(shared.redis, q) : undefined,
  };
  return new BamlAnalyzer(options, deps);
}
