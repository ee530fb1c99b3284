import type { Collector } from '@boundaryml/baml';
import type { Usage } from '../../domain/analysis.js';
import type { ModelRef } from './config.js';
import { costOf, priceOf, type PricingTable } from './pricing.js';

export interface CallUsage {
  /** HTTP requests made (failed attempts and fallbacks included). */
  calls: number;
  /** Model of the request whose answer was used (null when none answered). */
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
  /** Tokens and cost per model, when a fallback answered or several models were tried. */
  byModel: Record<string, Tally>;
  unpricedModels: string[];
}

/** Calls, tokens and cost: what is summed per call, per model and per step. */
type Tally = Pick<CallUsage, 'calls' | 'inputTokens' | 'outputTokens' | 'cachedTokens' | 'costUsd'>;

const emptyTally = (): Tally => ({ calls: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 });
const emptyUsage = (): CallUsage => ({ calls: 0, model: null, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, byModel: {}, unpricedModels: [] });

function addTally(into: Tally, add: Tally): void {
  into.calls += add.calls;
  into.inputTokens += add.inputTokens;
  into.outputTokens += add.outputTokens;
  into.cachedTokens += add.cachedTokens;
  into.costUsd += add.costUsd;
}

/**
 * Reads one BAML call's Collector: every HTTP request with the model of the client that made it
 * (not the configured one: a fallback may have answered), tokens as the provider reported them,
 * and the cost of each request at that model's price.
 */
export function usageFromCollector(collector: Collector, models: Map<string, ModelRef>, pricing: PricingTable): CallUsage {
  const out = emptyUsage();
  for (const log of collector.logs) {
    for (const call of log.calls) {
      const model = models.get(call.clientName)?.model ?? call.clientName;
      const u = call.usage;
      // OpenAI's prompt_tokens include cached ones; Anthropic's input_tokens exclude cache reads
      // (BAML passes both through as inputTokens), so add them back to compare like with like.
      const cachedOutside = call.provider === 'anthropic' ? (u?.cachedInputTokens ?? 0) : 0;
      const tokens = {
        inputTokens: (u?.inputTokens ?? 0) + cachedOutside,
        outputTokens: u?.outputTokens ?? 0,
        cachedTokens: u?.cachedInputTokens ?? 0,
      };
      const price = priceOf(pricing, model);
      const cost = costOf(price, tokens);
      if (!price && (tokens.inputTokens > 0 || tokens.outputTokens > 0) && !out.unpricedModels.includes(model)) out.unpricedModels.push(model);
      const request: Tally = { calls: 1, ...tokens, costUsd: cost };
      addTally(out, request);
      addTally((out.byModel[model] ??= emptyTally()), request);
      if (call.selected) out.model = model;
    }
  }
  out.costUsd = round(out.costUsd);
  for (const m of Object.values(out.byModel)) m.costUsd = round(m.costUsd);
  return out;
}

const round = (usd: number) => Math.round(usd * 1e9) / 1e9;

/** Accumulates one step's calls, so details recorded with each call are the step's totals. */
export class StepMeter {
  readonly totals: CallUsage = emptyUsage();
  readonly details: Record<string, unknown> = {};

  add(u: CallUsage): void {
    const t = this.totals;
    addTally(t, u);
    t.costUsd = round(t.costUsd);
    if (u.model) t.model = u.model;
    for (const [model, m] of Object.entries(u.byModel)) {
      const acc = (t.byModel[model] ??= emptyTally());
      addTally(acc, m);
      acc.costUsd = round(acc.costUsd);
    }
    for (const m of u.unpricedModels) if (!t.unpricedModels.includes(m)) t.unpricedModels.push(m);
  }

  /**
   * What to pass to ctx.recordUsage for one call: that call's tokens and cost (the store sums
   * them), and the step's details so far (the store merges details, so the last one wins).
   */
  record(u: CallUsage): Partial<Usage> {
    return {
      calls: u.calls,
      model: u.model ?? this.totals.model,
      inputTokens: u.inputTokens,
      outputTokens: u.outputTokens,
      cachedTokens: u.cachedTokens,
      costUsd: u.costUsd,
      details: { ...this.details, byModel: this.totals.byModel, ...(this.totals.unpricedModels.length ? { unpricedModels: this.totals.unpricedModels } : {}) },
    };
  }
}
