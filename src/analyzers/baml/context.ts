import { modelEntry } from './model-entry.js';

/**
 * Context windows (prompt plus output tokens) of common models, as published by the providers,
 * so evidence batches never exceed what the model can take. Dated names match their base name
 * by prefix (like pricing). An unknown model (a local one) gets a cautious 8,192 unless
 * LLM_CONTEXT_TOKENS says otherwise (Ollama's own default context is smaller still: set it).
 */
export const CONTEXT_TOKENS: Record<string, number> = {
  'gpt-4o': 128_000,
  'gpt-4o-mini': 128_000,
  'gpt-4.1': 1_047_576,
  'gpt-4.1-mini': 1_047_576,
  'gpt-4.1-nano': 1_047_576,
  'gpt-5': 400_000,
  'gpt-5-mini': 400_000,
  'gpt-5-nano': 400_000,
  'o4-mini': 200_000,
  'claude-3-5-haiku': 200_000,
  'claude-haiku-4-5': 200_000,
  'claude-3-7-sonnet': 200_000,
  'claude-sonnet-4': 200_000,
  'claude-sonnet-4-5': 200_000,
  'claude-opus-4': 200_000,
  'claude-opus-4-1': 200_000,
  'claude-opus-4-5': 200_000,
};

export const UNKNOWN_MODEL_CONTEXT = 8192;

export function contextTokensOf(model: string, override?: number): number {
  if (override) return override;
  return modelEntry(CONTEXT_TOKENS, model) ?? UNKNOWN_MODEL_CONTEXT;
}

/**
 * Transcript tokens one evidence call may carry: the configured batch size, but never more than
 * the context leaves after the rest of the prompt and the output expected for that batch.
 */
export function batchTokenLimit(opts: { configured: number; context: number; promptOverhead: number; outputRatio: number }): number {
  const fits = Math.floor((opts.context - opts.promptOverhead) / (1 + opts.outputRatio));
  return Math.max(200, Math.min(opts.configured, fits));
}
