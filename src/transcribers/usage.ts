import type { Usage } from '../domain/analysis.js';

/** Transcription usage in the same shape as LLM usage, so steps sum and report it alike. */
export function transcriptionUsage(args: { provider: string; model: string; durationMs: number; costUsd: number }): Partial<Usage> {
  const audioMinutes = Math.round((args.durationMs / 60_000) * 1000) / 1000;
  return {
    calls: 1,
    model: `${args.provider}/${args.model}`,
    costUsd: Math.round(args.costUsd * 1e6) / 1e6,
    details: { provider: args.provider, model: args.model, audioMinutes },
  };
}
