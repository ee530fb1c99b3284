import { z } from 'zod';
import { modelEntry } from './model-entry.js';

/** USD per million tokens. `cachedInput` applies to prompt tokens served from the provider's cache. */
export const ModelPrice = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

export const PricingTable = z.record(z.string().min(1), ModelPrice);
export type PricingTable = z.infer<typeof PricingTable>;

/**
 * List prices of common models (USD per 1M tokens, as published by the providers in 2025).
 * Overridable per model through the analyzer's `pricing` option (LLM_PRICING_JSON). Dated model
 * names (claude-sonnet-4-5-20250929, gpt-4o-2024-08-06) match their base name by prefix.
 */
export const DEFAULT_PRICING: PricingTable = {
  'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
  'gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
  'gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
  'o4-mini': { input: 1.1, output: 4.4, cachedInput: 0.275 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cachedInput: 0.08 },
  'claude-haiku-4-5': { input: 1, output: 5, cachedInput: 0.1 },
  'claude-3-7-sonnet': { input: 3, output: 15, cachedInput: 0.3 },
  'claude-sonnet-4': { input: 3, output: 15, cachedInput: 0.3 },
  'claude-sonnet-4-5': { input: 3, output: 15, cachedInput: 0.3 },
  'claude-opus-4': { input: 15, output: 75, cachedInput: 1.5 },
  'claude-opus-4-1': { input: 15, output: 75, cachedInput: 1.5 },
  'claude-opus-4-5': { input: 5, output: 25, cachedInput: 0.5 },
};

export interface TokenCounts {
  /** All prompt tokens, cached ones included (usage-meter.ts adds Anthropic's cache reads back in). */
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
}

/** A model's price, matched by name as model-entry.ts says (exact, without provider path, longest prefix). */
export function priceOf(table: PricingTable, model: string): ModelPrice | undefined {
  return modelEntry(table, model);
}

/** Cost in USD; an unknown model costs 0 (local models) and is reported as unpriced by the caller. */
export function costOf(price: ModelPrice | undefined, t: TokenCounts): number {
  if (!price) return 0;
  const cached = Math.min(t.cachedTokens, t.inputTokens);
  const usd = ((t.inputTokens - cached) * price.input
    + cached * (price.cachedInput ?? price.input)
    + t.outputTokens * price.output) / 1_000_000;
  return Math.round(usd * 1e9) / 1e9;
}
