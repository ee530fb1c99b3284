import type { Config } from '../config/index.js';
import type { Analyzer } from '../ports/analyzer.js';
import { LocalAnalyzer } from './local/index.js';

/** Analyzer registry: `local` (offline, default) or `baml` (LLM through BAML). */
export async function createAnalyzer(config: Config): Promise<Analyzer> {
  if (config.analyzer === 'baml') {
    const { createBamlAnalyzer } = await import('./baml/index.js');
    return createBamlAnalyzer(config.env);
  }
  return new LocalAnalyzer({ delayMs: config.localAnalyzerDelayMs });
}
