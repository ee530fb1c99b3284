import { BamlAnalyzer, type BamlAnalyzerDeps } from './baml-analyzer.js';
import { bamlOptionsFromEnv } from './config.js';

export { BamlAnalyzer, type BamlAnalyzerDeps } from './baml-analyzer.js';
export { LlmCaller, type LlmCallSpec, type LlmCallContext, type CallOpts, type ParseCheck, type CallEstimate } from './llm-call.js';
export { MemorySpendLedger } from './memory-ledger.js';
export { countTextTokens, encodingFor } from './tokens.js';
export {
  BamlAnalyzerOptions, BamlEnv, BamlConfigError, bamlOptionsFromEnv,
  type BamlAnalyzerOptionsInput, type ModelRef, type ProviderConfig,
} from './config.js';
export { DEFAULT_PRICING, PricingTable, ModelPrice } from './pricing.js';

/** Builds the analyzer from LLM_* variables; throws BamlConfigError naming what is missing. */
export function createBamlAnalyzer(env: Readonly<Record<string, string | undefined>>, deps: BamlAnalyzerDeps = {}): BamlAnalyzer {
  return new BamlAnalyzer(bamlOptionsFromEnv(env), deps);
}
