import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createAnalyzer } from '../../analyzers/index.js';
import { InvalidInputError } from '../../domain/errors.js';
import type { Estimate } from '../../domain/estimate.js';
import { estimateCost } from '../../flows/estimate-cost.js';
import { CliError } from '../cli-error.js';
import { collectInputs, readQuestions } from '../inputs.js';

/**
 * `interview-flow estimate <inputs>`: expected LLM calls, tokens and cost per step for the
 * configured models (LLM_* variables), from the transcripts alone. Needs no database or Redis
 * and calls no provider. Recordings cannot be estimated before they are transcribed.
 */
export function estimateCommand(program: Command): void {
  program.command('estimate <inputs...>')
    .description('expected LLM calls, tokens and cost per step for the configured models, before running')
    .option('--questions <file>', 'research questions, one per line (default: questions.txt inside a given folder)')
    .option('--interviewers <names>', 'comma-separated speaker names of the interviewers (default: inferred)')
    .option('--instructions <text>', 'custom instructions for the analysis')
    .option('--limit <n>', 'only the first N interviews found')
    .option('--json', 'print the estimate as JSON (the shape POST /v1/estimates returns)')
    .action(async (inputs: string[], opts: { questions?: string; interviewers?: string; instructions?: string; limit?: string; json?: boolean }) => {
      const limit = opts.limit === undefined ? Infinity : Number(opts.limit);
      if (!(limit >= 1) || (!Number.isInteger(limit) && limit !== Infinity)) throw new CliError(`--limit must be a positive whole number, got ${opts.limit}`);
      const { items, questions: folderQuestions } = await collectInputs(inputs);
      const transcripts = items.filter((i) => i.transcript !== undefined).slice(0, limit);
      const skipped = items.filter((i) => i.transcript === undefined).length;
      if (transcripts.length === 0) throw new CliError('nothing to estimate: recordings must be transcribed first (only transcripts can be estimated)');
      const questions = opts.questions ? await readQuestions(opts.questions) : folderQuestions;
      const interviewers = opts.interviewers?.split(',').map((s) => s.trim()).filter(Boolean);
      const analyzer = await createAnalyzer(loadConfig());
      try {
        const estimate = await estimateCost(analyzer, {
          interviews: transcripts.map((t) => ({ title: t.title, transcript: t.transcript!, ...(interviewers ? { interviewers } : {}) })),
          questions, customInstructions: opts.instructions,
        }).catch((err: unknown) => {
          if (err instanceof InvalidInputError) throw new CliError(err.message);
          throw err;
        });
        console.log(opts.json ? JSON.stringify(estimate, null, 2) : formatEstimate(estimate, skipped));
      } finally {
        await analyzer.close?.();
      }
    });
}

export function formatEstimate(e: Estimate, skippedRecordings = 0): string {
  const lines = [`estimate for ${e.interviews} interview(s), ${e.transcriptChars} transcript characters, analyzer ${e.analyzer}:`];
  if (e.steps.length === 0) lines.push('  no LLM calls (the offline analyzer); set LLM_PROVIDER and LLM_MODEL to estimate an LLM run');
  for (const s of e.steps) {
    lines.push(`  ${s.step.padEnd(9)} ${String(s.calls).padStart(5)} calls  ${String(s.inputTokens).padStart(9)} in  ${String(s.outputTokens).padStart(8)} out  $${s.costUsd.toFixed(4).padStart(9)}  ${s.model ?? ''} (${s.tokenCount}; ${s.basis})`);
  }
  lines.push(`  ${'total'.padEnd(9)} ${String(e.total.calls).padStart(5)} calls  ${String(e.total.inputTokens).padStart(9)} in  ${String(e.total.outputTokens).padStart(8)} out  $${e.total.costUsd.toFixed(4).padStart(9)}`);
  if (e.unpricedModels.length) lines.push(`  unpriced models (counted as $0; set LLM_PRICING_JSON): ${e.unpricedModels.join(', ')}`);
  if (skippedRecordings) lines.push(`  ${skippedRecordings} recording(s) not estimated: transcribe them first`);
  return lines.join('\n');
}
