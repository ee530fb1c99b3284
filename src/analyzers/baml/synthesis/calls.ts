import type { ClientRegistry, HTTPRequest } from '@boundaryml/baml';
import { PermanentError, RetryLaterError } from '../../../domain/errors.js';
import { sleep } from '../../../domain/abortable.js';
import type { AnalyzerContext } from '../../../ports/analyzer.js';
import type { LlmCaller, CallOpts, ParseCheck } from '../llm-call.js';
import { contextTokensOf } from '../context.js';
import { packByTokens } from '../batching.js';
import { buildStepClients } from '../registry.js';
import { countTextTokens, promptTokensOfBody } from '../tokens.js';
import type { StepMeter } from '../usage-meter.js';

/** Usage label and model selector of every synthesis call (the insights model unless configured). */
export const SYNTHESIS_STEP = 'synthesis';
/** A reduce stops after this many levels (the estimate counts them the same way). */
export const MAX_REDUCE_LEVELS = 8;

export type Render = (o: { clientRegistry: ClientRegistry }) => Promise<HTTPRequest>;

/** Per part (themes, answers, personas): how many map and reduce calls ran. */
export interface PartStats { mapCalls: number; reduceCalls: number; reduceLevels: number; batches: number; waits: number }

/**
 * A call told to come back later (a provider 429, a budget busy with calls in flight) waits and
 * is sent again, at most this many times per call: a synthesis has paid for the calls before it,
 * and failing the job would pay for them again on its next attempt.
 */
const MAX_WAITS_PER_CALL = 5;
/** Longest single wait (a Retry-After beyond it is cut: the quota gate still holds the line). */
const MAX_WAIT_MS = 60_000;

/** Most prompt tokens of one synthesis call to `model`: prompt plus expected output fit its context. */
export function synthesisPromptLimit(o: LlmCaller['options'], model: string): number {
  const context = contextTokensOf(model, o.contextTokens);
  return Math.min(o.synthesis.maxPromptTokens, Math.floor(context / (1 + o.estimates.outputRatio)));
}

/**
 * What every synthesis call shares: the caller (budget, quota, usage through llm-call.ts), the
 * run's meter, the prompt-size ceiling and the counters the run reports. One per synthesis.
 */
export class SynthesisCalls {
  /** Most prompt tokens of one call: prompt plus expected output fit the model's context. */
  readonly promptLimit: number;
  readonly model: string;
  readonly registry: ClientRegistry;
  /** Cited ids that were never given (invented by the model), dropped. */
  dropped = 0;
  /** Largest prompt sent, in the model's tokens (as counted before sending). */
  largestPrompt = 0;
  readonly parts: Record<string, PartStats> = {};

  constructor(
    readonly caller: LlmCaller,
    readonly meter: StepMeter,
    readonly ctx: AnalyzerContext,
    readonly projectId: string,
    readonly customInstructions: string | null,
  ) {
    const o = caller.options;
    const clients = buildStepClients(o, SYNTHESIS_STEP);
    this.model = clients.primary.model;
    this.registry = clients.registry;
    this.promptLimit = synthesisPromptLimit(o, this.model);
  }

  part(name: string): PartStats {
    return (this.parts[name] ??= { mapCalls: 0, reduceCalls: 0, reduceLevels: 0, batches: 0, waits: 0 });
  }

  /** Prompt tokens of a rendered call, counted with the model's tokenizer (no network). */
  async promptTokens(render: Render): Promise<number> {
    const req = await render({ clientRegistry: this.registry });
    return promptTokensOfBody(this.model, req.body.json()).tokens;
  }

  /** Tokens of a text (estimates before rendering a batch). */
  textTokens(text: string): number {
    return countTextTokens(this.model, text).tokens;
  }

  /** One BAML call through LlmCaller, counted for the part. */
  async call<T>(part: string, kind: 'map' | 'reduce', spec: {
    fn: string; invoke: (o: CallOpts) => Promise<T>; render: Render; check?: ParseCheck<T>;
  }): Promise<T> {
    const tokens = await this.promptTokens(spec.render);
    this.largestPrompt = Math.max(this.largestPrompt, tokens);
    const stats = this.part(part);
    if (kind === 'map') stats.mapCalls += 1;
    else stats.reduceCalls += 1;
    // a signal per call, linked to the run's: listeners the runtime adds go with the call
    // instead of piling up on the run's signal (dozens of calls share it)
    const own = new AbortController();
    const forward = () => own.abort(this.ctx.signal.reason);
    if (this.ctx.signal.aborted) forward();
    else this.ctx.signal.addEventListener('abort', forward, { once: true });
    try {
      for (let waits = 0; ; waits++) {
        try {
          return await this.caller.call({ ...this.ctx, signal: own.signal }, this.meter, { step: SYNTHESIS_STEP, projectId: this.projectId, ...spec });
        } catch (err) {
          if (!(err instanceof RetryLaterError) || waits >= MAX_WAITS_PER_CALL) throw err;
          stats.waits += 1;
          await sleep(Math.min(err.retryAfterMs, MAX_WAIT_MS), own.signal);
        }
      }
    } finally {
      this.ctx.signal.removeEventListener('abort', forward);
    }
  }

  /**
   * Splits items into batches whose rendered prompt fits `promptLimit`: packed greedily by an
   * estimate of each item's tokens, then each batch rendered and counted exactly, halved while
   * it does not fit. Order is kept (inputs are sorted by stable keys, so batches are too).
   */
  async fitBatches<T>(items: T[], render: (batch: T[]) => Render, estimate: (item: T) => number, what: string): Promise<T[][]> {
    if (items.length === 0) return [];
    const overhead = await this.promptTokens(render([]));
    const room = this.promptLimit - overhead;
    if (room <= 0) throw new PermanentError(`synthesis: the ${what} prompt alone (${overhead} tokens) does not fit ${this.promptLimit} tokens of ${this.model}; raise LLM_CONTEXT_TOKENS or LLM_SYNTHESIS_BATCH_TOKENS`);
    const packed = packByTokens(items, estimate, room);
    const out: T[][] = [];
    const settle = async (batch: T[]): Promise<void> => {
      const tokens = await this.promptTokens(render(batch));
      if (tokens <= this.promptLimit) { out.push(batch); return; }
      if (batch.length === 1) throw new PermanentError(`synthesis: one ${what} (${tokens} prompt tokens) does not fit ${this.promptLimit} tokens of ${this.model}`);
      const half = Math.ceil(batch.length / 2);
      await settle(batch.slice(0, half));
      await settle(batch.slice(half));
    };
    for (const batch of packed) await settle(batch);
    return out;
  }

  /** Runs `fn` over items with the configured concurrency; the first failure stops new calls and is rethrown. */
  async inPool<T, R>(items: T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    let failure: unknown;
    const lane = async () => {
      while (failure === undefined && next < items.length) {
        const i = next++;
        try {
          results[i] = await fn(items[i]!, i);
        } catch (err) {
          failure ??= err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.caller.options.synthesis.concurrency, items.length) }, lane));
    if (failure !== undefined) throw failure;
    return results;
  }

  /**
   * Reduce: merges partial results until they fit one call, recursively when the partials of a
   * large project do not fit one prompt (groups that fit are merged, then the merged ones
   * again). Stops when a level merges nothing (the model kept every partial apart).
   */
  async reduce<P>(part: string, partials: P[], opts: {
    render: (group: P[]) => Render; estimate: (p: P) => number; merge: (group: P[]) => Promise<P[]>;
  }): Promise<P[]> {
    let level = partials;
    for (let depth = 0; depth < MAX_REDUCE_LEVELS && level.length > 1; depth++) {
      this.part(part).reduceLevels += 1;
      const groups = await this.fitBatches(level, opts.render, opts.estimate, `${part} reduce`);
      const merged = (await this.inPool(groups, (g) => (g.length > 1 ? opts.merge(g) : Promise.resolve(g)))).flat();
      if (groups.length === 1 || merged.length >= level.length) return merged;
      level = merged;
    }
    return level;
  }
}

/** Keeps ids found in `known`, counting the others as dropped citations. */
export function knownIds(calls: SynthesisCalls, ids: string[], known: { has(id: string): boolean }): string[] {
  const out: string[] = [];
  for (const raw of ids) {
    const id = raw.trim();
    if (!known.has(id)) { calls.dropped += 1; continue; }
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * Applies a reduce answer that groups partials by id: each group claims its known partials not
 * claimed by an earlier group and becomes one merged item; a partial the model left out is kept
 * as it was, never lost. `byId` lists the partials in input order.
 */
export function mergeGroups<P, G>(calls: SynthesisCalls, groups: G[], idsOf: (g: G) => string[], byId: Map<string, P>,
  merge: (members: P[], group: G) => P): P[] {
  const used = new Set<P>();
  const merged: P[] = [];
  for (const g of groups) {
    const members = knownIds(calls, idsOf(g), byId).map((id) => byId.get(id)!).filter((p) => !used.has(p));
    if (members.length === 0) continue;
    members.forEach((p) => used.add(p));
    merged.push(merge(members, g));
  }
  return [...merged, ...[...byId.values()].filter((p) => !used.has(p))];
}

/** A quote cut to a bound so one item never dominates a prompt (whole words, marked). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.6)).trim()}...`;
}
