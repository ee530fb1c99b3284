import { getLogLevel, setLogLevel } from '@boundaryml/baml';
import { b } from '../../baml_client/index.js';
import type {
  AnswerProposal, PersonaProposal, ProposedEvidence, ThemeProposal,
} from '../../domain/analysis.js';
import type {
  Analyzer, AnalyzerContext, AnswersRequest, EstimateInput, EvidenceRequest, InsightsRequest, PersonasRequest,
} from '../../ports/analyzer.js';
import { batchUtterances, mergeEvidence } from './batching.js';
import type { SpendLedger } from '../../ports/spend-ledger.js';
import { BamlAnalyzerOptions, type BamlAnalyzerOptionsInput } from './config.js';
import { LlmCaller, type CallOpts } from './llm-call.js';
import type { QuotaGate } from './quota.js';
import {
  evidenceRefs, fromAnswerDrafts, fromEvidenceDrafts, fromPersonaDrafts, fromThemeDrafts,
} from './mapping.js';
import { DEFAULT_PRICING } from './pricing.js';
import { StepMeter } from './usage-meter.js';
import { estimateWithBaml } from './estimate.js';
import type { StepEstimate } from '../../domain/estimate.js';
import { batchTokenLimit, contextTokensOf } from './context.js';
import { buildStepClients } from './registry.js';
import { countTextTokens, promptTokensOfBody } from './tokens.js';
import type { SynthesisInput, SynthesisOutput } from '../../domain/synthesis.js';
import { synthesizeWithBaml } from './synthesis/index.js';

/** What the runtime shares with the analyzer: the store's spend ledger and the Redis quota. */
export interface BamlAnalyzerDeps {
  ledger?: SpendLedger | undefined;
  quota?: QuotaGate | undefined;
}

/** The LLM analyzer: the four BAML functions behind the Analyzer port. */
export class BamlAnalyzer implements Analyzer {
  readonly name = 'baml';
  readonly options: BamlAnalyzerOptions;
  /** Every BAML call goes through it (budget, quota, usage, errors); new adapters use it too. */
  readonly caller: LlmCaller;

  constructor(options: BamlAnalyzerOptionsInput, deps: BamlAnalyzerDeps = {}) {
    this.options = BamlAnalyzerOptions.parse(options);
    this.caller = new LlmCaller({ options: this.options, pricing: { ...DEFAULT_PRICING, ...this.options.pricing }, ...deps });
    // process-wide in BAML; it logs whole prompts at INFO, so quiet by default
    const level = this.options.logLevel.toUpperCase();
    if (getLogLevel() !== level) setLogLevel(level);
  }

  async extractEvidence(req: EvidenceRequest, ctx: AnalyzerContext): Promise<ProposedEvidence[]> {
    if (req.utterances.length === 0) return [];
    const { batches, limit } = await this.evidenceBatches(req);
    const questions = (req.questions ?? []).map((q) => ({ id: q.id, text: q.text }));
    const meter = new StepMeter();
    meter.details.batches = batches.length;
    meter.details.batchTokenLimit = limit;
    meter.details.invalidItems = 0;
    const perBatch: ProposedEvidence[][] = [];
    for (const [i, batch] of batches.entries()) {
      const input = batch.map((u) => ({ id: u.id, speaker: u.speaker, role: u.role, text: u.text }));
      const out = await this.caller.call(ctx, meter, {
        step: 'evidence', fn: 'ExtractEvidence', interviewId: req.interviewId, projectId: req.projectId,
        check: { listKey: 'evidence', itemKey: 'utteranceId', count: (r) => r.evidence.length, reparse: (t) => b.parse.ExtractEvidence(t) },
        invoke: (o: CallOpts) => b.ExtractEvidence(input, questions, req.customInstructions ?? null, o),
        render: (o) => b.request.ExtractEvidence(input, questions, req.customInstructions ?? null, o),
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

  /**
   * Evidence batches sized in the evidence model's tokens: the configured batch size, lowered
   * when the model's context could not hold it with the rest of the prompt (rendered without
   * utterances, counted exactly) and the expected output.
   */
  async evidenceBatches(req: Pick<EvidenceRequest, 'utterances' | 'customInstructions' | 'questions'>) {
    const { registry, primary } = buildStepClients(this.options, 'evidence');
    const count = (t: string) => countTextTokens(primary.model, t).tokens;
    const questions = (req.questions ?? []).map((q) => ({ id: q.id, text: q.text }));
    const empty = await b.request.ExtractEvidence([], questions, req.customInstructions ?? null, { clientRegistry: registry });
    const limit = batchTokenLimit({
      configured: this.options.batching.maxTokens,
      context: contextTokensOf(primary.model, this.options.contextTokens),
      promptOverhead: promptTokensOfBody(primary.model, empty.body.json()).tokens,
      outputRatio: this.options.estimates.quotaOutputRatio,
    });
    const batches = batchUtterances(req.utterances, { maxTokens: limit, overlap: this.options.batching.overlapUtterances, count });
    return { batches, limit, model: primary.model };
  }

  /** Expected calls, tokens and cost per step (estimate.ts). */
  estimate(input: EstimateInput): Promise<StepEstimate[]> {
    return estimateWithBaml(this, input);
  }

  async generateInsights(req: InsightsRequest, ctx: AnalyzerContext): Promise<ThemeProposal[]> {
    if (req.evidence.length === 0) return [];
    const meter = new StepMeter();
    const refs = evidenceRefs(req.evidence, req.utterances);
    const known = (req.existingThemes ?? []).map((t) => ({ id: t.id, name: t.name, statement: t.statement, inclusionCriteria: t.inclusionCriteria }));
    const out = await this.caller.call(ctx, meter, {
      step: 'insights', fn: 'GenerateInsights', interviewId: req.interviewId, projectId: req.projectId,
      check: { listKey: 'themes', itemKey: 'statement', count: (r) => r.themes.length, reparse: (t) => b.parse.GenerateInsights(t) },
      invoke: (o: CallOpts) => b.GenerateInsights(refs, known, req.customInstructions ?? null, o),
      render: (o) => b.request.GenerateInsights(refs, known, req.customInstructions ?? null, o),
    });
    const { themes, dropped } = fromThemeDrafts(out.themes, new Set(req.evidence.map((e) => e.id)));
    ctx.recordUsage({ details: { ...meter.details, themes: themes.length, unknownIdsDropped: dropped.unknownIds, emptyThemesDropped: dropped.emptyItems } });
    return themes;
  }

  async assignPersonas(req: PersonasRequest, ctx: AnalyzerContext): Promise<PersonaProposal[]> {
    const participants = req.people.filter((p) => p.role === 'participant');
    if (participants.length === 0 || req.evidence.length === 0) return [];
    const meter = new StepMeter();
    const refs = evidenceRefs(req.evidence, req.utterances);
    const people = req.people.map((p) => ({ id: p.id, name: p.name, role: p.role, speaker: p.speaker }));
    const known = req.existingPersonas.map((p) => ({ id: p.id, name: p.name, description: p.description }));
    const out = await this.caller.call(ctx, meter, {
      step: 'personas', fn: 'AssignPersonas', interviewId: req.interviewId, projectId: req.projectId,
      check: { listKey: 'personas', itemKey: 'assignments', count: (r) => r.personas.length, reparse: (t) => b.parse.AssignPersonas(t) },
      invoke: (o: CallOpts) => b.AssignPersonas(people, refs, known, req.customInstructions ?? null, o),
      render: (o) => b.request.AssignPersonas(people, refs, known, req.customInstructions ?? null, o),
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
    const refs = evidenceRefs(req.evidence, req.utterances);
    const questions = req.questions.map((q) => ({ id: q.id, text: q.text }));
    const out = await this.caller.call(ctx, meter, {
      step: 'answers', fn: 'AttributeAnswers', interviewId: req.interviewId, projectId: req.projectId,
      check: { listKey: 'answers', itemKey: 'questionId', count: (r) => r.answers.length, reparse: (t) => b.parse.AttributeAnswers(t) },
      invoke: (o: CallOpts) => b.AttributeAnswers(questions, refs, req.customInstructions ?? null, o),
      render: (o) => b.request.AttributeAnswers(questions, refs, req.customInstructions ?? null, o),
    });
    const { answers, dropped, missingQuestions } = fromAnswerDrafts(out.answers, req.questions, evidenceIds);
    ctx.recordUsage({ details: { ...meter.details, unknownIdsDropped: dropped.unknownIds, questionsNotAnswered: missingQuestions } });
    return answers;
  }

  /** Study-level synthesis: themes, answers and personas by map-reduce (synthesis/). */
  synthesize(input: SynthesisInput, ctx: AnalyzerContext): Promise<SynthesisOutput> {
    return synthesizeWithBaml(this.caller, input, ctx);
  }
}
