import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { SynthesisOutput, SynthesizeJobData } from '../domain/synthesis.js';
import type { Usage } from '../domain/analysis.js';
import { StaleRunError } from '../domain/run-errors.js';
import { RetryLaterError } from '../domain/errors.js';
import type { Analyzer, AnalyzerContext } from '../ports/analyzer.js';
import type { Store } from '../ports/store.js';
import { enforceCitations } from './synthesis-citations.js';
import { withDeadline } from './deadline.js';

/** A key line in Bull Board's Logs tab; best effort (the job's outcome does not depend on it). */
function logLine(job: Job, line: string): void {
  job.log(`${new Date().toISOString()} ${line}`).catch(() => 0);
}

export interface SynthesizeDeps {
  store: Store;
  analyzer: Analyzer;
}

/**
 * The `synthesize` job: opens a synthesis run (next generation of the project), reads the
 * project's compact input in one call, asks the analyzer for the synthesis, keeps only citations
 * the project holds, and commits everything in one SQL transaction fenced by generation. A crash
 * before the commit leaves the previous synthesis in place; a retry (BullMQ attempt or Bull
 * Board's Retry) opens a new generation. An older generation that would overwrite a newer one is
 * refused and recorded as superseded, not retried. A call still told to come back later once its
 * in-call waits are used up (a provider 429, a busy budget or quota) ends this run and delays the
 * job by the Retry-After without using an attempt, as the per-interview steps do (step-runner.ts).
 */
export function createSynthesizeProcessor(deps: SynthesizeDeps, opts: { timeoutMs: number }) {
  return async function processSynthesize(job: Job, token?: string, cancel?: AbortSignal): Promise<unknown> {
    const data = SynthesizeJobData.parse(job.data);
    const { store, analyzer } = deps;
    const run = await store.beginSynthesis(data.projectId, {
      bullJobId: String(job.id), trigger: data.trigger, analyzer: analyzer.name,
    });
    const pendingUsage: Promise<void>[] = [];
    try {
      const input = await store.loadSynthesisInput(data.projectId);
      const started = `synthesising ${input.interviews.length} interviews, ${input.evidence.length} quotes (generation ${run.generation})`;
      logLine(job, started);
      await job.updateProgress({ percent: 10, line: started });
      const ctx: Omit<AnalyzerContext, 'signal'> = {
        recordUsage: (usage: Partial<Usage>) => {
          const p = store.recordSynthesisUsage(run.runId, usage);
          p.catch(() => {}); // awaited below
          pendingUsage.push(p);
        },
        progress: async (percent, line) => { logLine(job, `progress ${Math.round(percent)}% ${line}`); await job.updateProgress({ percent, line }); },
      };
      const raw = await withDeadline('synthesize', opts.timeoutMs, (signal) => analyzer.synthesize(input, { ...ctx, signal }), cancel);
      const output = enforceCitations(input, SynthesisOutput.parse(raw));
      await Promise.all(pendingUsage);
      const committed = await store.commitSynthesis(run.runId, {
        ...output, stats: { interviews: input.interviews.length, evidence: input.evidence.length },
      });
      logLine(job, `committed generation ${committed.generation}: ${output.themes.length} themes, ${output.answers.length} answers, ${output.personas.length} personas`);
      return { ...committed, themes: output.themes.length, answers: output.answers.length, personas: output.personas.length, droppedCitations: output.droppedCitations };
    } catch (err) {
      await Promise.allSettled(pendingUsage);
      const error = err instanceof Error ? err : new Error(String(err));
      if (error instanceof StaleRunError) {
        await store.failSynthesis(run.runId, error.message, 'superseded').catch(() => {});
        // a newer synthesis of the project is already committed: nothing to retry
        throw new UnrecoverableError(`superseded: ${error.message}`);
      }
      if (error instanceof RetryLaterError && token) {
        // a wait, not the synthesis' fault: this run ends, the job runs again later as the same attempt
        const wait = `${error.message}; the job runs again in ${Math.round(error.retryAfterMs / 1000)} s without using an attempt`;
        await store.failSynthesis(run.runId, wait, 'waiting').catch(() => {});
        logLine(job, `waiting: ${wait}`);
        await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
        throw new DelayedError();
      }
      await store.failSynthesis(run.runId, error.message || error.name, 'failed').catch(() => {});
      logLine(job, `failed: ${error.message || error.name}`);
      throw error;
    }
  };
}
