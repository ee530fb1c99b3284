import { BamlAnalyzer } from './baml-analyzer.js';
import { bamlOptionsFromEnv } from './config.js';

export { BamlAnalyzer } from './baml-analyzer.js';
export {
  BamlAnalyzerOptions, BamlEnv, BamlConfigError, bamlOptionsFromEnv,
  type BamlAnalyzerOptionsInput, type ModelRef, type ProviderConfig,
} from './config.js';
export { DEFAULT_PRICING, PricingTable, ModelPrice } from './pricing.js';

/** Builds the analyzer from LLM_* variables; throws BamlConfigError naming what is missing. */
export function createBamlAnalyzer(env: Readonly<Record<string, string | undefined>>): BamlAnalyzer {
  return new BamlAnalyzer(bamlOptionsFromEnv(env));
}
