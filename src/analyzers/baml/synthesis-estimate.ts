import type { ClientRegistry } from '@boundaryml/baml';
import { b } from '../../baml_client/index.js';
import type { StepEstimate } from '../../domain/estimate.js';
import type { BamlAnalyzerOptions } from './config.js';
import { packByTokens } from './batching.js';
import { costOf, priceOf, type PricingTable } from './pricing.js';
import { buildStepClients } from './registry.js';
import { MAX_REDUCE_LEVELS, SYNTHESIS_STEP, synthesisPromptLimit } from './synthesis/calls.js';
import { promptTokensOfBody } from './tokens.js';

/** Same length as the UUIDs the real prompts carry (also used by estimate.ts). */
export const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
/** A participant profile holds at most 3 quotes (<= 400 chars) with their question (<= 200 chars): about this many tokens. */
const PROFILE_TOKENS_MAX = 480;

/** What the per-interview estimate expects of one interview, which the synthesis will read. */
export interface InterviewExpectation {
  /** Expected evidence tokens (the evidence step's expected output: quotes, gists, facets). */
  evidenceTokens: number;
  /** Expected codes tokens (the insights step's expected output). */
  codeTokens: number;
  participants: number;
}

export const SYNTHESIS_BASIS = 'per project: one synthesis of all these interviews; map batches packed by tokens up to the prompt limit '
  + '(themes over each interview\'s expected codes, answers per question over the expected evidence split evenly across the questions, '
  + 'personas over participant profiles of at most 3 quotes), plus reduces while a part has more than one batch; '
  + 'every question counted as answerable (an upper bound)';

type Render = (o: { clientRegistry: ClientRegistry }) => Promise<{ body: { json(): unknown } }>;

/**
 * The synthesis calls a project run adds, before anything exists to synthesise: the synthesis
 * input (per-interview codes, quotes, participant profiles) is stood in for by what the
 * per-interview estimate expects those steps to write. Each function's prompt without items is
 * rendered and counted exactly; items are packed into batches by tokens as synthesis/calls.ts
 * packs them; a part with several batches adds reduce calls over the map outputs, level by level.
 * Interviews finishing further apart than SYNTHESIS_DEBOUNCE_MS are synthesised more than once
 * (each time the whole project): this counts one.
 */
export async function estimateSynthesis(
  options: BamlAnalyzerOptions, pricing: PricingTable, interviews: InterviewExpectation[], questions: string[], ci: string | null,
): Promise<StepEstimate> {
  const clients = buildStepClients(options, SYNTHESIS_STEP);
  const model = clients.primary.model;
  const limit = synthesisPromptLimit(options, model);
  const ratio = options.estimates.outputRatio;
  const acc = { calls: 0, inputTokens: 0, exact: true, encoding: 'none' };
  const overhead = async (render: Render) => {
    const counted = promptTokensOfBody(model, (await render({ clientRegistry: clients.registry })).body.json());
    acc.exact &&= counted.exact;
    acc.encoding = counted.encoding;
    return counted.tokens;
  };
  /** Map calls over items, then reduce levels over their outputs while more than one batch is left. */
  const part = async (items: number[], map: Render, reduce: Render) => {
    if (items.length === 0) return;
    let level = items;
    let fixed = await overhead(map);
    for (let depth = 0; depth <= MAX_REDUCE_LEVELS; depth++) {
      const batches = packByTokens(level, (t) => t, Math.max(1, limit - fixed));
      const inputs = batches.map((batch) => fixed + batch.reduce((s, t) => s + t, 0));
      acc.calls += inputs.length;
      acc.inputTokens += inputs.reduce((s, t) => s + t, 0);
      if (batches.length === 1) return;
      level = inputs.map((t) => Math.ceil(t * ratio));
      fixed = await overhead(reduce);
    }
  };

  await part(interviews.filter((iv) => iv.participants > 0).map((iv) => iv.codeTokens),
    (o) => b.request.ConsolidateThemes([], ci, o), (o) => b.request.MergeThemes([], ci, o));
  for (const text of questions) {
    const q = { id: PLACEHOLDER_ID, text };
    await part(interviews.map((iv) => Math.ceil(iv.evidenceTokens / questions.length)),
      (o) => b.request.AnswerStudyQuestion(q, [], ci, o), (o) => b.request.MergeStudyAnswer(q, [], ci, o));
  }
  const profiles = interviews.flatMap((iv) => Array.from({ length: iv.participants },
    () => Math.min(PROFILE_TOKENS_MAX, Math.ceil(iv.evidenceTokens / iv.participants))));
  if (profiles.length >= 2) {
    await part(profiles, (o) => b.request.ClusterPersonas([], ci, o), (o) => b.request.MergePersonas([], ci, o));
  }
  const outputTokens = Math.ceil(acc.inputTokens * ratio);
  const cost = costOf(priceOf(pricing, model), { inputTokens: acc.inputTokens, outputTokens, cachedTokens: 0 });
  return {
    step: SYNTHESIS_STEP, model, calls: acc.calls, inputTokens: acc.inputTokens, outputTokens,
    costUsd: Math.round(cost * 1e6) / 1e6,
    tokenCount: acc.calls === 0 ? 'none' : acc.exact ? acc.encoding : 'approximate',
    basis: SYNTHESIS_BASIS,
  };
}
