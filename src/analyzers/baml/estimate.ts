import { b } from '../../baml_client/index.js';
import type { StepEstimate } from '../../domain/estimate.js';
import type { EstimateInput, EvidenceRequest } from '../../ports/analyzer.js';
import type { BamlAnalyzerOptions } from './config.js';
import type { LlmCaller } from './llm-call.js';
import type { BatchUtterance } from './batching.js';
import { costOf, priceOf } from './pricing.js';
import { buildStepClients } from './registry.js';
import { promptTokensOfBody } from './tokens.js';
import { estimateSynthesis, PLACEHOLDER_ID, type InterviewExpectation } from './synthesis-estimate.js';

interface Acc { calls: number; inputTokens: number; outputTokens: number; costUsd: number; model: string; exact: boolean; encoding: string }

/**
 * Expected calls, tokens and cost per step, before running. The evidence step is rendered as it
 * will run: the same token-sized batches, each prompt rendered by BAML and counted with the
 * model's tokenizer (exact for OpenAI models). The later steps read the evidence the first step
 * writes, which does not exist yet: their prompts are rendered without it (exact) plus the
 * evidence step's expected output, the closest proxy for the evidence list they will be given
 * (quotes, gists, facets). Outputs are `outputRatio` x input. Project context (existing themes
 * and personas) is not counted: a project that already has many adds to insights and personas.
 * Last, the project's study-level synthesis of these interviews (synthesis-estimate.ts), from
 * the evidence and codes the per-interview steps are expected to write.
 */
/** What an estimate needs of the analyzer: its parsed options and its caller's price list. */
export interface EstimateContext {
  options: BamlAnalyzerOptions;
  caller: Pick<LlmCaller, 'pricing'>;
  /** The evidence step's batches, exactly as it will call the model. */
  evidenceBatches(req: Pick<EvidenceRequest, 'utterances' | 'customInstructions' | 'questions'>): Promise<{ batches: BatchUtterance[][] }>;
}

export async function estimateWithBaml(analyzer: EstimateContext, input: EstimateInput): Promise<StepEstimate[]> {
  const { options, caller } = analyzer;
  const ci = input.customInstructions ?? null;
  const acc = new Map<string, Acc>();
  const add = (step: string, model: string, inputTokens: number, exact: boolean, encoding: string) => {
    const outputTokens = Math.ceil(inputTokens * options.estimates.outputRatio);
    const cost = costOf(priceOf(caller.pricing, model), { inputTokens, outputTokens, cachedTokens: 0 });
    const a = acc.get(step) ?? { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, model, exact, encoding };
    a.calls += 1;
    a.inputTokens += inputTokens;
    a.outputTokens += outputTokens;
    a.costUsd += cost;
    acc.set(step, a);
    return outputTokens;
  };
  /** Prompt tokens of a function rendered for a step's model. */
  const rendered = async (step: string, render: (o: { clientRegistry: ReturnType<typeof buildStepClients>['registry'] }) => Promise<{ body: { json(): unknown } }>) => {
    const clients = buildStepClients(options, step);
    const req = await render({ clientRegistry: clients.registry });
    return { model: clients.primary.model, ...promptTokensOfBody(clients.primary.model, req.body.json()) };
  };
  const questions = input.questions.map((text) => ({ id: PLACEHOLDER_ID, text }));
  const expected: InterviewExpectation[] = [];

  for (const interview of input.interviews) {
    const { batches } = await analyzer.evidenceBatches({ utterances: interview.utterances, questions, customInstructions: ci ?? undefined });
    let evidenceOut = 0;
    for (const batch of batches) {
      const lines = batch.map((u) => ({ id: u.id, speaker: u.speaker, role: u.role, text: u.text }));
      const r = await rendered('evidence', (o) => b.request.ExtractEvidence(lines, questions, ci, o));
      evidenceOut += add('evidence', r.model, r.tokens, r.exact, r.encoding);
    }
    const speakers = [...new Map(interview.utterances.map((u) => [u.speaker, u.role])).entries()];
    const people = speakers.map(([speaker, role]) => ({ id: PLACEHOLDER_ID, name: speaker, role, speaker }));
    const insights = await rendered('insights', (o) => b.request.GenerateInsights([], [], ci, o));
    const codeTokens = add('insights', insights.model, insights.tokens + evidenceOut, insights.exact, insights.encoding);
    expected.push({ evidenceTokens: evidenceOut, codeTokens, participants: people.filter((p) => p.role === 'participant').length });
    if (people.some((p) => p.role === 'participant')) {
      const personas = await rendered('personas', (o) => b.request.AssignPersonas(people, [], [], ci, o));
      add('personas', personas.model, personas.tokens + evidenceOut, personas.exact, personas.encoding);
    }
    if (questions.length > 0) {
      const answers = await rendered('answers', (o) => b.request.AttributeAnswers(questions, [], ci, o));
      add('answers', answers.model, answers.tokens + evidenceOut, answers.exact, answers.encoding);
    }
  }
  const basis: Record<string, string> = {
    evidence: 'rendered batches, counted',
    insights: 'rendered prompt + expected evidence',
    personas: 'rendered prompt + expected evidence',
    answers: 'rendered prompt + expected evidence',
  };
  const perInterview = ['evidence', 'insights', 'personas', 'answers'].map((step): StepEstimate => {
    const a = acc.get(step);
    const model = a?.model ?? buildStepClients(options, step).primary.model;
    return {
      step, model, calls: a?.calls ?? 0, inputTokens: a?.inputTokens ?? 0, outputTokens: a?.outputTokens ?? 0,
      costUsd: Math.round((a?.costUsd ?? 0) * 1e6) / 1e6,
      tokenCount: a ? (a.exact ? a.encoding : 'approximate') : 'none',
      basis: basis[step]!,
    };
  });
  return [...perInterview, await estimateSynthesis(options, caller.pricing, expected, input.questions, ci)];
}
