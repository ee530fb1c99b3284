import type { Config } from '../config/index.js';
import type { Analyzer } from '../ports/analyzer.js';
import type { SpendLedger } from '../ports/spend-ledger.js';
import type { Redis } from 'ioredis';
import { LocalAnalyzer, ThreadedLocalAnalyzer } from './local/index.js';
import { loadCodebook } from './local/codebook.js';

/** Analyzer registry: `local` (offline, default) or `baml` (LLM through BAML). */
export async function createAnalyzer(config: Config, shared: { ledger?: SpendLedger; redis?: Redis } = {}): Promise<Analyzer> {
  if (config.analyzer === 'baml') {
    const { createBamlAnalyzer } = await import('./baml/index.js');
    // the store's SQL ledger: budgets hold across every worker process
    return createBamlAnalyzer(config.env, { ledger: shared.ledger, redis: shared.redis });
  }
  // A bad codebook file stops the process at start with a message naming it (CodebookError).
  const codebook = config.localCodebookFile ? loadCodebook(config.localCodebookFile) : undefined;
  // LOCAL_ANALYZER_THREADS > 0: the NLP runs on worker threads, off the event loop of the workers
  if (config.localAnalyzerThreads > 0) return new ThreadedLocalAnalyzer({ threads: config.localAnalyzerThreads, delayMs: config.localAnalyzerDelayMs, codebook });
  return new LocalAnalyzer({ delayMs: config.localAnalyzerDelayMs, codebook });
}
