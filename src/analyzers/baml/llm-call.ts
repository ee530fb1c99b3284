import { Collector, type ClientRegistry, type HTTPRequest } from '@boundaryml/baml';
import { PermanentError, RetryLaterError } from '../../domain/errors.js';
import type { AnalyzerContext } from '../../ports/analyzer.js';
import type { SpendLedger } from '../../ports/spend-ledger.js';
import type { BamlAnalyzerOptions } from './config.js';
import { mapBamlError, responseHeaders } from './errors.js';
import { MemorySpendLedger } from './memory-ledger.js';
import { costOf, priceOf, type PricingTable } from './pricing.js';
import { quotaFeedbackFrom, type QuotaGate, type QuotaKey, type QuotaTicket } from './quota.js';
import { buildStepClients, type StepClients } from './registry.js';
import { promptTokensOfBody, type Encoding } from './tokens.js';
import { StepMeter, usageFromCollector, type CallUsage } from './usage-meter.js';

/**
 * THE way to call a BAML function. Every call, whatever the function (the four analysis steps,
 * synthesis, anything added later), goes through `LlmCaller.call`, which:
 *   1. counts the rendered prompt's tokens with the model's tokenizer (tokens.ts) and estimates
 *      the output, hence the call's cost;
 *   2. reserves that cost against the interview's / project's / account's budget in the spend
 *      ledger (one SQL statement that locks and counts in-flight reservations): over budget ->
 *      PermanentError; only over because of calls still in flight -> RetryLaterError;
 *   3. waits for the shared provider quota (requests and tokens per minute, in Redis);
 *   4. calls the function with a fresh ClientRegistry and Collector and the step's AbortSignal;
 *   5. settles the reservation and the quota with the tokens and cost the provider reported
 *      (release when nothing was billed), feeds a 429's headers back into the quota, records
 *      usage with estimated next to reported tokens, maps errors (errors.ts).
 */

/** What every generated BAML function gets from us per call. */
export type CallOpts = { clientRegistry: ClientRegistry; collector: Collector; signal: AbortSignal };

/** The part of the analyzer context a call needs. */
export type LlmCallContext = Pick<AnalyzerContext, 'signal' | 'recordUsage' | 'spentUsd'>;

/**
 * Optional guard against BAML's lenient parsing (see `checkParsed`): the list the answer must
 * contain and a key every item has.
 */
export interface ParseCheck<T> {
  listKey: string;
  itemKey: string;
  count: (result: T) => number;
  /** BAML's parser on a text (b.parse.<Function>), used on the JSON taken out of its fence. */
  reparse: (text: string) => T;
}

export interface LlmCallSpec<T> {
  /**
   * Usage label and model selector: a step of `options.models` (evidence, insights, personas,
   * answers); any other name (e.g. a synthesis function) uses the insights model.
   */
  step: string;
  /** BAML function name, for messages. */
  fn: string;
  /** Budget scope: the interview, or (project-level calls) the project. One of them is needed when a budget is set. */
  interviewId?: string | undefined;
  projectId?: string | undefined;
  /** The call: `(o) => b.Fn(args..., o)`. */
  invoke: (opts: CallOpts) => Promise<T>;
  /**
   * The same call rendered without sending: `(o) => b.request.Fn(args..., o)`. Its body is
   * counted with the model's tokenizer; without it `promptChars` is used (approximation).
   */
  render?: (opts: { clientRegistry: ClientRegistry }) => Promise<HTTPRequest>;
  promptChars?: number;
  /** Expected output tokens; default `options.estimates.outputRatio` x input tokens, at most the max tokens. */
  expectedOutputTokens?: number;
  check?: ParseCheck<T>;
}

export interface CallEstimate {
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Output tokens to reserve in the shared quota (a safer, higher guess). */
  quotaOutputTokens: number;
  costUsd: number;
  exact: boolean;
  encoding: Encoding;
}

export interface LlmCallerDeps {
  options: BamlAnalyzerOptions;
  pricing: PricingTable;
  /** Default: a per-process ledger (MemorySpendLedger); the runtime passes the store's SQL ledger. */
  ledger?: SpendLedger | undefined;
  /** Default: no shared quota. */
  quota?: QuotaGate | undefined;
}

export class LlmCaller {
  readonly options: BamlAnalyzerOptions;
  readonly pricing: PricingTable;
  readonly ledger: SpendLedger;
  readonly quota: QuotaGate | undefined;

  constructor(deps: LlmCallerDeps) {
    this.options = deps.options;
    this.pricing = deps.pricing;
    this.ledger = deps.ledger ?? new MemorySpendLedger();
    this.quota = deps.quota;
  }

  /** Tokens and cost expected for one call (the reservation amount). */
  async estimate<T>(spec: LlmCallSpec<T>, clients: StepClients = buildStepClients(this.options, spec.step)): Promise<CallEstimate> {
    const model = clients.primary.model;
    let counted;
    if (spec.render) {
      const req = await spec.render({ clientRegistry: clients.registry });
      counted = promptTokensOfBody(model, req.body.json());
    } else {
      // no rendered prompt: characters of the inputs, as if they were English prose
      counted = { tokens: Math.ceil((spec.promptChars ?? 0) / 4), exact: false, encoding: 'approximate' as Encoding, maxOutputTokens: undefined };
    }
    const provider = this.options.providers[clients.primary.provider];
    const cap = counted.maxOutputTokens ?? (provider?.kind === 'anthropic' ? provider.maxTokens : undefined);
    const guess = spec.expectedOutputTokens ?? Math.ceil(counted.tokens * this.options.estimates.outputRatio);
    const bounded = (n: number) => Math.max(1, cap ? Math.min(cap, n) : n);
    const outputTokens = bounded(guess);
    const quotaOutputTokens = bounded(Math.max(guess, Math.ceil(counted.tokens * this.options.estimates.quotaOutputRatio)));
    const costUsd = costOf(priceOf(this.pricing, model), { inputTokens: counted.tokens, outputTokens, cachedTokens: 0 });
    return { model, inputTokens: counted.tokens, outputTokens, quotaOutputTokens, costUsd, exact: counted.exact, encoding: counted.encoding };
  }

  /** One BAML function call through budget, quota, usage and error mapping (see the file comment). */
  async call<T>(ctx: LlmCallContext, meter: StepMeter, spec: LlmCallSpec<T>): Promise<T> {
    const clients = buildStepClients(this.options, spec.step);
    const model = clients.primary.model;
    const est = await this.estimate(spec, clients);
    const reservation = await this.reserve(ctx, meter, spec, est);
    const key = this.quotaKey(clients);
    let ticket: QuotaTicket | undefined;
    try {
      ticket = await this.quota?.acquire(key, { requests: 1, inputTokens: est.inputTokens, outputTokens: est.quotaOutputTokens }, ctx.signal,
        { mayDefer: meter.totals.calls === 0, ttlMs: this.options.reservationTtlMs ?? defaultTtl(this.options) });
    } catch (err) {
      if (reservation) await this.ledger.release(reservation).catch(warn('release'));
      throw err;
    }

    const collector = new Collector(`${spec.step}-${spec.fn}`);
    let result: T | undefined;
    let failure: Error | undefined;
    try {
      result = await spec.invoke({ clientRegistry: clients.registry, collector, signal: ctx.signal });
    } catch (err) {
      failure = mapBamlError(err, { fn: spec.fn, model, timeoutMs: this.options.timeoutMs, signal: ctx.signal, collector });
    }
    const usage = usageFromCollector(collector, clients.models, this.pricing);
    await this.settle(reservation, ticket, usage);
    if (failure instanceof RetryLaterError && this.quota && collector.logs.some((l) => l.calls.some((c) => c.httpResponse?.status === 429))) {
      await this.quota.feedback(key, quotaFeedbackFrom(responseHeaders(collector, 429), failure.retryAfterMs)).catch(warn('quota feedback'));
    }
    meter.add(usage);
    const d = meter.details;
    d.estimatedInputTokens = ((d.estimatedInputTokens as number | undefined) ?? 0) + est.inputTokens;
    d.estimatedOutputTokens = ((d.estimatedOutputTokens as number | undefined) ?? 0) + est.outputTokens;
    d.estimatedCostUsd = Math.round((((d.estimatedCostUsd as number | undefined) ?? 0) + est.costUsd) * 1e9) / 1e9;
    d.tokenCount = est.exact ? est.encoding : 'approximate';
    ctx.recordUsage(meter.record(usage));
    if (failure) throw failure;
    if (!spec.check) return result as T;
    const checked = checkParsed(spec.fn, spec.check, model, result as T, collector.last?.rawLlmResponse ?? '');
    if (checked.reparsed) d.reparsedOutputs = ((d.reparsedOutputs as number | undefined) ?? 0) + 1;
    return checked.result;
  }

  private quotaKey(clients: StepClients): QuotaKey {
    const p = this.options.providers[clients.primary.provider]!;
    return { provider: p.baseUrl ? `${p.kind}@${p.baseUrl}` : p.kind, model: clients.primary.model };
  }

  /**
   * Every call is entered in the ledger, budget or not: calls in flight are visible and each
   * call's estimate sits next to what it really cost. A call with no scope (no interview and no
   * project) has nothing to be charged to and is not entered.
   */
  private async reserve<T>(ctx: LlmCallContext, meter: StepMeter, spec: LlmCallSpec<T>, est: CallEstimate): Promise<string | undefined> {
    if (!spec.interviewId && !spec.projectId) return undefined;
    const o = this.options;
    const res = await this.ledger.reserve({
      interviewId: spec.interviewId,
      projectId: spec.projectId,
      step: spec.step,
      fn: spec.fn,
      model: est.model,
      estimateUsd: est.costUsd,
      estimatedInputTokens: est.inputTokens,
      estimatedOutputTokens: est.outputTokens,
      budgets: { interviewUsd: o.budgetUsd, projectUsd: o.projectBudgetUsd, accountUsd: o.accountBudgetUsd },
      ttlMs: o.reservationTtlMs ?? defaultTtl(o),
      knownSpentUsd: typeof ctx.spentUsd === 'number' ? ctx.spentUsd + meter.totals.costUsd : undefined,
    });
    if (res.ok) return res.id;
    const variable = { interview: 'LLM_BUDGET_USD', project: 'LLM_PROJECT_BUDGET_USD', account: 'LLM_ACCOUNT_BUDGET_USD' }[res.scope];
    const what = `${spec.fn} needs about $${est.costUsd.toFixed(4)} on ${est.model} but this ${res.scope} has spent $${res.spentUsd.toFixed(4)}`;
    if (res.spentUsd + est.costUsd <= res.budgetUsd) {
      // it fits once the calls in flight settle (usually below their estimates): come back then
      throw new RetryLaterError(`budget busy: ${what} and $${res.inFlightUsd.toFixed(4)} is reserved by calls in flight, of its $${res.budgetUsd} budget`, o.budgetRetryMs);
    }
    throw new PermanentError(`budget exceeded: ${what} of its $${res.budgetUsd} budget; raise ${variable} and resume`);
  }

  private async settle(reservation: string | undefined, ticket: QuotaTicket | undefined, usage: CallUsage): Promise<void> {
    const billed = usage.inputTokens > 0 || usage.outputTokens > 0 || usage.costUsd > 0;
    await Promise.all([
      reservation && (billed
        ? this.ledger.settle(reservation, { costUsd: usage.costUsd, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, calls: usage.calls, model: usage.model })
        : this.ledger.release(reservation)
      ).catch(warn('settle')),
      ticket?.settle({ requests: Math.max(usage.calls, 1), inputTokens: usage.inputTokens, outputTokens: usage.outputTokens }).catch(warn('quota settle')),
    ]);
  }
}

/** A reservation outlives every request of its call: all attempts and fallbacks timing out, plus a minute. */
function defaultTtl(o: BamlAnalyzerOptions): number {
  return o.timeoutMs * (o.retry.maxRetries + 1) * (o.fallback.length + 1) + 60_000;
}

/**
 * A ledger or quota write that fails after the call must not fail the call (it was paid for; a
 * retry would pay again): the reservation expires by its TTL and usage is still recorded.
 */
function warn(what: string) {
  return (err: unknown) => {
    console.warn(`llm ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  };
}

/**
 * BAML's parser is lenient in two ways that would make us silently wrong: prose without any
 * JSON becomes an empty list, and fenced JSON whose items miss several optional fields can
 * lose to another candidate reading and come back as an empty list (seen with 0.226.2). So:
 * when the raw output holds more items than were parsed, parse the JSON taken out of its
 * fence again (still BAML's parser and schema) and keep the better reading; when there is no
 * list at all, fail like any unparseable output.
 */
export function checkParsed<T>(fn: string, check: ParseCheck<T>, model: string, result: T, raw: string): { result: T; reparsed: boolean } {
  const itemsInRaw = raw.match(new RegExp(`["']?${check.itemKey}["']?\\s*:`, 'g'))?.length ?? 0;
  let best = result;
  let reparsed = false;
  if (check.count(result) < itemsInRaw) {
    const inner = /```(?:json)?\s*([\s\S]*?)```/i.exec(raw)?.[1] ?? raw.slice(raw.indexOf('{'), raw.lastIndexOf('}') + 1);
    try {
      const again = check.reparse(inner);
      if (check.count(again) > check.count(best)) { best = again; reparsed = true; }
    } catch {
      // keep BAML's first reading
    }
  }
  if (check.count(best) === 0 && !new RegExp(`["']?${check.listKey}["']?\\s*:`).test(raw)) {
    throw new Error(`${fn}: ${model} returned no JSON "${check.listKey}" list (unparseable output); output began: ${JSON.stringify(raw.slice(0, 200))}`);
  }
  if (check.count(best) === 0 && itemsInRaw > 0) {
    throw new Error(`${fn}: ${model} returned ${itemsInRaw} "${check.listKey}" items but none matched the schema; output began: ${JSON.stringify(raw.slice(0, 200))}`);
  }
  return { result: best, reparsed };
}
