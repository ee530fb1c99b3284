import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { StepJobData, type StepName } from '../domain/steps.js';
import { InvalidInputError, PermanentError, RetryLaterError, StepTimeoutError } from '../domain/errors.js';
import { ZodError } from 'zod';
import type { Usage } from '../domain/analysis.js';
import type { StepCommits, Store, AnalysisJobContext } from '../ports/store.js';
import type { Analyzer } from '../ports/analyzer.js';
import type { Transcriber } from '../ports/transcriber.js';
import { StaleRunError } from '../domain/run-errors.js';

/** What a step gets: the ports. */
export interface StepDeps {
  store: Store;
  analyzer: Analyzer;
  transcriber: Transcriber;
}

/** Per-attempt context handed to a step body and through it to the ports. */
export interface StepContext {
  /** The analysis job (analysis_jobs row) this BullMQ job works for. */
  analysisJob: AnalysisJobContext;
  runNo: number;
  spentUsd: number;
  signal: AbortSignal;
  recordUsage(usage: Partial<Usage>): void;
  progress(percent: number, line: string): Promise<void>;
  checkpoint: { get(): Promise<Record<string, unknown>>; set(v: Record<string, unknown>): Promise<void> };
}

/** A step body: load inputs from the store, call a port, return what to commit. */
export type StepBody<S extends StepName> = (deps: StepDeps, ctx: StepContext) => Promise<StepCommits[S]>;

export interface StepDefinition<S extends StepName = StepName> {
  step: S;
  run: StepBody<S>;
}

export function defineStep<S extends StepName>(step: S, run: StepBody<S>): StepDefinition<S> {
  return { step, run };
}

/**
 * Wraps a step body as a BullMQ processor. It fences and records the attempt, skips steps this
 * run already committed (re-delivery after a crash costs nothing), enforces the deadline through
 * an AbortSignal, commits the body's output once, and maps failures to BullMQ behaviour:
 * RetryLaterError delays without using an attempt; PermanentError and fenced writes fail at once.
 */
export function createStepProcessor<S extends StepName>(def: StepDefinition<S>, deps: StepDeps, opts: { timeoutMs: number }) {
  return async function processStep(job: Job, token?: string): Promise<unknown> {
    const { analysisJobId, runNo } = StepJobData.parse(job.data);
    const { store } = deps;
    const step = def.step;

    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new StepTimeoutError(`${step} exceeded its ${opts.timeoutMs} ms deadline`)), opts.timeoutMs);
    const pendingUsage: Promise<void>[] = [];
    try {
      // fences, records the attempt and returns the job context: one round trip
      const start = await store.startStep(analysisJobId, runNo, step);
      if (start.completed) return start.result;
      const { analysisJob } = start;
      const ctx: StepContext = {
        analysisJob,
        runNo,
        spentUsd: analysisJob.spentUsd,
        signal: deadline.signal,
        recordUsage: (usage) => {
          const recorded = store.recordUsage(analysisJobId, runNo, step, usage);
          recorded.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
          pendingUsage.push(recorded);
        },
        progress: async (percent, line) => {
          await Promise.all([store.reportProgress(analysisJobId, runNo, step, percent, line), job.updateProgress({ percent, line })]);
        },
        checkpoint: {
          get: () => store.getCheckpoint(analysisJobId, step),
          set: (v) => store.setCheckpoint(analysisJobId, runNo, step, v),
        },
      };
      // a port that ignores the signal must not hold the worker past the deadline
      const output = await Promise.race([def.run(deps, ctx), rejectOnAbort(deadline.signal)]);
      await Promise.all(pendingUsage);
      return await store.commitStep(analysisJobId, runNo, step, output);
    } catch (err) {
      await Promise.allSettled(pendingUsage);
      throw await handleFailure(err, { job, token, store, analysisJobId, runNo, step });
    } finally {
      clearTimeout(timer);
    }
  };
}

async function handleFailure(
  err: unknown,
  c: { job: Job; token?: string | undefined; store: Store; analysisJobId: string; runNo: number; step: StepName },
): Promise<Error> {
  const error = err instanceof Error ? err : new Error(String(err));
  if (error instanceof StaleRunError) return new UnrecoverableError(`superseded: ${error.message}`);

  if (error instanceof RetryLaterError && c.token) {
    // honour Retry-After without burning an attempt (DelayedError does not count as one); a
    // wait, not a failure: shown as the step's status line, the error column stays clean
    await c.store.reportProgress(c.analysisJobId, c.runNo, c.step, -1, `waiting: ${error.message}; next try in ${Math.round(error.retryAfterMs / 1000)} s`).catch(() => {});
    await c.job.moveToDelayed(Date.now() + error.retryAfterMs, c.token);
    return new DelayedError();
  }

  // retrying cannot fix bad input or a refused write (e.g. finalize before its dependencies)
  const permanent = error instanceof PermanentError || error instanceof UnrecoverableError
    || error instanceof InvalidInputError || error instanceof ZodError;
  const final = permanent || c.job.attemptsMade + 1 >= (c.job.opts.attempts ?? 1);
  const message = error.message || error.name;
  await c.store.failStep(c.analysisJobId, c.runNo, c.step, message, final).catch((e: unknown) => {
    if (e instanceof StaleRunError) return; // superseded meanwhile: nothing to record
    throw e;
  });
  return permanent ? new UnrecoverableError(message) : error;
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
