import { Collector, getLogLevel, setLogLevel, type ClientRegistry } from '@boundaryml/baml';
import { b } from '../../baml_client/index.js';
import type {
  AnswerProposal, PersonaProposal, ProposedEvidence, ThemeProposal,
} from '../../domain/analysis.js';
import { PermanentError } from '../../domain/errors.js';
import type {
  Analyzer, AnalyzerContext, AnswersRequest, EvidenceRequest, InsightsRequest, PersonasRequest,
} from '../../ports/analyzer.js';
import { batchUtterances, mergeEvidence } from './batching.js';
import { BamlAnalyzerOptions, type BamlAnalyzerOptionsInput, type LlmStep } from './config.js';
import { mapBamlError } from './errors.js';
import {
  evidenceRefs, fromAnswerDrafts, fromEvidenceDrafts, fromPersonaDrafts, fromThemeDrafts,
} from './mapping.js';
import { costOf, DEFAULT_PRICING, priceOf, type PricingTable } from './pricing.js';
import { buildStepClients } from './registry.js';
import { StepMeter, usageFromCollector } from './usage-meter.js';

/** Prompt characters besides the inputs (rules, schema), for the pre-call cost estimate. */
const PROMPT_OVERHEAD_CHARS = 2500;

/** What every generated BAML function gets from us per call. */
type CallOpts = { clientRegistry: ClientRegistry; collector: Collector; signal: AbortSignal };

interface CallSpec<T> {
  step: LlmStep;
  fn: string;
  interviewId: string;
  promptChars: number;
  /** Name of the list the answer must contain, to tell "no items" from "no JSON at all". */
  listKey: string;
  count: (result: T) => number;
  /** A key every item of the list has, to count the items the raw output really contains. */
  itemKey: string;
  /** BAML's parser on a text (b.parse.<Function>), used on the JSON taken out of its fence. */
  reparse: (text: string) => T;
  invoke: (opts: CallOpts) => Promise<T>;
}

/** The LLM analyzer: the four BAML functions behind the Analyzer port. */
export class BamlAnalyzer implements Analyzer {
  readonly name = 'baml';
  readonly options: BamlAnalyzerOptions;
  private readonly pricing: PricingTable;
  private readonly spentByInterview = new Map<string, number>();

  constructor(options: BamlAnalyzerOptionsInput) {
    this.options = BamlAnalyzerOptions.parse(options);
    this.pricing = { ...DEFAULT_PRICING, ...this.options.pricing };
    // process-wide in BAML; it logs whole prompts at INFO, so quiet by default
    const level = this.options.logLevel.toUpperCase();
    if (getLogLevel() !== level) setLogLevel(level);
  }

  async extractEvidence(req: EvidenceRequest, ctx: AnalyzerContext): Promise<ProposedEvidence[]> {
    if (req.utterances.length === 0) return [];
    const { maxChars, overlapUtterances } = this.options.batching;
    const batches = batchUtterances(req.utterances, maxChars, overlapUtterances);
    const meter = new StepMeter();
    meter.details.batches = batches.length;
    meter.details.invalidItems = 0;
    const perBatch: ProposedEvidence[][] = [];
    for (const [i, batch] of batches.entries()) {
      const input = batch.map((u) => ({ id: u.id, speaker: u.speaker, role: u.role, text: u.text }));
      const out = await this.call(ctx, meter, {
        step: 'evidence', fn: 'ExtractEvidence', interviewId: req.interviewId, listKey: 'evidence',
        promptChars: PROMPT_OVERHEAD_CHARS + (req.customInstructions?.length ?? 0) + input.reduce((s, u) => s + u.text.length + u.speaker.length + 30, 0),
        count: (r) => r.evidence.length, itemKey: 'utteranceId', reparse: (t) => b.parse.ExtractEvidence(t),
        invoke: (o: CallOpts) => b.ExtractEvidence(input, req.customInstructions ?? null, o),
      });
      const { evidence, invalid } = fromEvidenceDrafts(out.evidence);
      meter.details.invalidItems = (meter.details.invalidItems as number) + invalid;
      perBatch.push(evidence);
      await ctx.progress(Math.round(((i + 1) / batches.length) * 100), `evidence: batch ${i + 1}/${batches.length} done`);
    }
    const { evidence, duplicates } = mergeEvidence(perBatch, req.utterances);
    const known = new Set(req.utterances.map((u) => u.id));
    meter.details.proposed = evidence.length;
    meter.details.duplicatesMerged = duplicates;
    // Left for the verbatim guard, which looks the quote up in the other utterances.
    meter.details.unknownUtteranceIds = evidence.filter((e) => !known.has(e.utteranceId)).length;
    ctx.recordUsage({ details: { ...meter.details } });
    return evidence;
  }

  async generateInsights(req: InsightsRequest, ctx: AnalyzerContext): Promise<ThemeProposal[]> {
    if (req.evidence.length === 0) return [];
    const meter = new StepMeter();
    const refs = evidenceRefs(req.evidence);
    const known = req.existingThemes.map((t) => ({ id: t.id, name: t.name, statement: t.statement, inclusionCriteria: t.inclusionCriteria }));
    const out = await this.call(ctx, meter, {
      step: 'insights', fn: 'GenerateInsights', interviewId: req.interviewId, listKey: 'themes',
      promptChars: PROMPT_OVERHEAD_CHARS + JSON.stringify(refs).length + JSON.stringify(known).length + (req.customInstructions?.length ?? 0),
      count: (r) => r.themes.length, itemKey: 'statement', reparse: (t) => b.parse.GenerateInsights(t),
      invoke: (o: CallOpts) => b.GenerateInsights(refs, known, req.customInstructions ?? null, o),
    });
    const { themes, dropped } = fromThemeDrafts(out.themes, new Set(req.evidence.map((e) => e.id)));
    ctx.recordUsage({ details: { ...meter.details, themes: themes.length, unknownIdsDropped: dropped.unknownIds, emptyThemesDropped: dropped.emptyItems } });
    return themes;
  }

  async assignPersonas(req: PersonasRequest, ctx: AnalyzerContext): Promise<PersonaProposal[]> {
    const participants = req.people.filter((p) => p.role === 'participant');
    if (participants.length === 0 || req.evidence.length === 0) return [];
    const meter = new StepMeter();
    const refs = evidenceRefs(req.evidence);
    const people = req.people.map((p) => ({ id: p.id, name: p.name, role: p.role, speaker: p.speaker }));
    const known = req.existingPersonas.map((p) => ({ id: p.id, name: p.name, description: p.description }));
    const out = await this.call(ctx, meter, {
      step: 'personas', fn: 'AssignPersonas', interviewId: req.interviewId, listKey: 'personas',
      promptChars: PROMPT_OVERHEAD_CHARS + JSON.stringify(refs).length + JSON.stringify(people).length + JSON.stringify(known).length,
      count: (r) => r.personas.length, itemKey: 'assignments', reparse: (t) => b.parse.AssignPersonas(t),
      invoke: (o: CallOpts) => b.AssignPersonas(people, refs, known, req.customInstructions ?? null, o),
    });
    const { personas, dropped } = fromPersonaDrafts(
      out.personas, new Set(participants.map((p) => p.id)), new Set(req.evidence.map((e) => e.id)),
    );
    ctx.recordUsage({ details: { ...meter.details, personas: personas.length, unknownIdsDropped: dropped.unknownIds, emptyPersonasDropped: dropped.emptyItems } });
    return personas;
  }

  async attributeAnswers(req: AnswersRequest, ctx: AnalyzerContext): Promise<AnswerProposal[]> {
    if (req.questions.length === 0) return [];
    const evidenceIds = new Set(req.evidence.map((e) => e.id));
    if (req.evidence.length === 0) return fromAnswerDrafts([], req.questions, evidenceIds).answers;
    const meter = new StepMeter();
    const refs = evidenceRefs(req.evidence);
    const questions = req.questions.map((q) => ({ id: q.id, text: q.text }));
    const out = await this.call(ctx, meter, {
      step: 'answers', fn: 'AttributeAnswers', interviewId: req.interviewId, listKey: 'answers',
      promptChars: PROMPT_OVERHEAD_CHARS + JSON.stringify(refs).length + JSON.stringify(questions).length,
      count: (r) => r.answers.length, itemKey: 'questionId', reparse: (t) => b.parse.AttributeAnswers(t),
      invoke: (o: CallOpts) => b.AttributeAnswers(questions, refs, req.customInstructions ?? null, o),
    });
    const { answers, dropped, missingQuestions } = fromAnswerDrafts(out.answers, req.questions, evidenceIds);
    ctx.recordUsage({ details: { ...meter.details, unknownIdsDropped: dropped.unknownIds, questionsNotAnswered: missingQuestions } });
    return answers;
  }

  /** What this interview's analysis has cost so far, as far as this analyzer can tell. */
  spentUsd(interviewId: string, ctx: AnalyzerContext, meter: StepMeter): number {
    const given = ctx.spentUsd;
    return typeof given === 'number' ? given + meter.totals.costUsd : this.spentByInterview.get(interviewId) ?? 0;
  }

  /** This process's spend per interview (bounded: the oldest interviews are forgotten first). */
  private tally(interviewId: string, usd: number): void {
    const spent = (this.spentByInterview.get(interviewId) ?? 0) + usd;
    this.spentByInterview.delete(interviewId);
    this.spentByInterview.set(interviewId, spent);
    if (this.spentByInterview.size > 10_000) this.spentByInterview.delete(this.spentByInterview.keys().next().value!);
  }

  /** One BAML function call: budget check, fresh registry and collector, usage, error mapping. */
  private async call<T>(ctx: AnalyzerContext, meter: StepMeter, spec: CallSpec<T>): Promise<T> {
    const clients = buildStepClients(this.options, spec.step);
    const model = clients.primary.model;
    const errorCtx = (collector: Collector) => ({ fn: spec.fn, model, timeoutMs: this.options.timeoutMs, signal: ctx.signal, collector });
    const budget = this.options.budgetUsd;
    if (budget !== undefined) {
      const spent = this.spentUsd(spec.interviewId, ctx, meter);
      const inputTokens = Math.ceil(spec.promptChars / 4);
      const estimate = costOf(priceOf(this.pricing, model), { inputTokens, outputTokens: Math.ceil(inputTokens / 3), cachedTokens: 0 });
      if (spent + estimate > budget) {
        throw new PermanentError(
          `budget exceeded: ${spec.fn} needs about $${estimate.toFixed(4)} on ${model} but this interview has spent $${spent.toFixed(4)} of its $${budget} budget; raise LLM_BUDGET_USD and resume`,
        );
      }
    }
    const collector = new Collector(`${spec.step}-${spec.fn}`);
    let result: T;
    try {
      result = await spec.invoke({ clientRegistry: clients.registry, collector, signal: ctx.signal });
    } catch (err) {
      throw mapBamlError(err, errorCtx(collector));
    } finally {
      const usage = usageFromCollector(collector, clients.models, this.pricing);
      meter.add(usage);
      this.tally(spec.interviewId, usage.costUsd);
      ctx.recordUsage(meter.record(usage));
    }
    const raw = collector.last?.rawLlmResponse ?? '';
    const checked = this.checkParsed(spec, model, result, raw);
    if (checked.reparsed) meter.details.reparsedOutputs = ((meter.details.reparsedOutputs as number | undefined) ?? 0) + 1;
    return checked.result;
  }

  /**
   * BAML's parser is lenient in two ways that would make us silently wrong: prose without any
   * JSON becomes an empty list, and fenced JSON whose items miss several optional fields can
   * lose to another candidate reading and come back as an empty list (seen with 0.226.2). So:
   * when the raw output holds more items than were parsed, parse the JSON taken out of its
   * fence again (still BAML's parser and schema) and keep the better reading; when there is no
   * list at all, fail like any unparseable output.
   */
  private checkParsed<T>(spec: CallSpec<T>, model: string, result: T, raw: string): { result: T; reparsed: boolean } {
    const itemsInRaw = raw.match(new RegExp(`["']?${spec.itemKey}["']?\\s*:`, 'g'))?.length ?? 0;
    let best = result;
    let reparsed = false;
    if (spec.count(result) < itemsInRaw) {
      const inner = /```(?:json)?\s*([\s\S]*?)```/i.exec(raw)?.[1] ?? raw.slice(raw.indexOf('{'), raw.lastIndexOf('}') + 1);
      try {
        const again = spec.reparse(inner);
        if (spec.count(again) > spec.count(best)) { best = again; reparsed = true; }
      } catch {
        // keep BAML's first reading
      }
    }
    if (spec.count(best) === 0 && !new RegExp(`["']?${spec.listKey}["']?\\s*:`).test(raw)) {
      throw new Error(`${spec.fn}: ${model} returned no JSON "${spec.listKey}" list (unparseable output); output began: ${JSON.stringify(raw.slice(0, 200))}`);
    }
    if (spec.count(best) === 0 && itemsInRaw > 0) {
      throw new Error(`${spec.fn}: ${model} returned ${itemsInRaw} "${spec.listKey}" items but none matched the schema; output began: ${JSON.stringify(raw.slice(0, 200))}`);
    }
    return { result: best, reparsed };
  }
}
