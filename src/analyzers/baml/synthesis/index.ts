import { SynthesisOutput, type SynthesisInput } from '../../../domain/synthesis.js';
import type { AnalyzerContext } from '../../../ports/analyzer.js';
import type { LlmCaller } from '../llm-call.js';
import { StepMeter } from '../usage-meter.js';
import { SynthesisCalls } from './calls.js';
import { ProjectIndex } from './project.js';
import { synthesizeThemes } from './themes.js';
import { synthesizeAnswers } from './answers.js';
import { synthesizePersonas } from './personas.js';

/** Coverage counts units of at least this many words that are not bare questions (as the local analyzer). */
const SUBSTANTIVE_WORDS = 6;

/**
 * The LLM study-level synthesis: themes, answers and personas, each by map-reduce over batches
 * that fit the model's context (so a project of any size works), every call through LlmCaller
 * (budget, quota, usage and cost recorded on the synthesis run). Ids the model cites that were
 * never given are dropped and counted (`droppedCitations`); counts come from the links.
 */
export async function synthesizeWithBaml(caller: LlmCaller, input: SynthesisInput, ctx: AnalyzerContext): Promise<SynthesisOutput> {
  const project = new ProjectIndex(input);
  const meter = new StepMeter();
  const calls = new SynthesisCalls(caller, meter, ctx, input.projectId, input.customInstructions);
  meter.details.promptTokenLimit = calls.promptLimit;
  const themes = await synthesizeThemes(calls, project);
  await ctx.progress(40, `synthesis: ${themes.length} themes`);
  const answers = await synthesizeAnswers(calls, project);
  await ctx.progress(70, `synthesis: ${answers.length} answers`);
  const { personas, unassigned } = await synthesizePersonas(calls, project);
  await ctx.progress(95, `synthesis: ${personas.length} personas`);

  const themed = new Set(themes.flatMap((t) => t.evidence.map((e) => e.evidenceId)));
  const substantive = project.evidence.filter((e) => e.verbatim.trim().split(/\s+/).length >= SUBSTANTIVE_WORDS && !/\?\s*$/u.test(e.verbatim));
  ctx.recordUsage({
    details: { ...meter.details, parts: calls.parts, largestPromptTokens: calls.largestPrompt, droppedCitations: calls.dropped },
  });
  return SynthesisOutput.parse({
    themes,
    answers,
    personas,
    unassigned,
    coverage: { substantive: substantive.length, unthemed: substantive.filter((e) => !themed.has(e.id)).map((e) => e.id) },
    droppedCitations: calls.dropped,
  });
}
