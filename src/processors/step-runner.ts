import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { summarizeResult } from './result-summary.js';
import { StepJobData, type StepName } from '../domain/steps.js';
import { InvalidInputError, PermanentError, RetryLaterError } from '../domain/errors.js';
import { withDeadline } from './deadline.js';
import { ZodError } from 'zod';
import type { Usage } from '../domain/analysis.js';
import type { StepCommits, StepInputName, StepInputs, Store, AnalysisJobContext } from '../ports/store.js';
import type { Analyzer } from '../ports/analyzer.js';
import type { Transcriber } from '../ports/transcriber.js';
import { StaleRunError } from '../domain/run-errors.js';
import {
  ABORT_CANCELLED, commitWithRetry, isStoreUnavailable, requeueWithoutAttempt, storeWaitDelay, type RecoveryOptions,
} from './step-recovery.js';

/** What a step gets: the ports. */
export interface StepDeps {
  store: Store;
  analyzer: Analyzer;
  transcriber: Transcriber;
}

/** Per-attempt context handed to a step body and through it to the ports. */
export interface StepContext<R extends StepInputName = never> {
  /** The analysis job (analysis_jobs row) this BullMQ job works for. */
  analysisJob: AnalysisJobContext;
  /** The inputs the step declared (`reads`), read by the same call that started the attempt. */
  inputs: Pick<StepInputs, R>;
  runNo: number;
  spentUsd: number;
  signal: AbortSignal;
  recordUsage(usage: Partial<Usage>): void;
  progress(percent: number, line: string): Promise<void>;
  checkpoint: { get(): Promise<Record<string, unknown>>; set(v: Record<string, unknown>): Promise<void> };
}

/** A step body: take its inputs, call a port, return what to commit. */
export type StepBody<S extends StepName, R extends StepInputName = never> = (deps: StepDeps, ctx: StepContext<R>) => Promise<StepCommits[S]>;

export interface StepDefinition<S extends StepName = StepName, R extends StepInputName = StepInputName> {
  step: S;
  /** What the step reads from the store: loaded with the start of each attempt, in one round trip. */
  reads: readonly R[];
  run: StepBody<S, R>;
}

export function defineStep<S extends StepName, R extends StepInputName = never>(step: S, reads: readonly R[], run: StepBody<S, R>): StepDefinition<S, R> {
  return { step, reads, run };
}

/** Hooks for logs and metrics (src/ops); the runner works without them. */
export interface StepObserver {
  log(job: Job, level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>): void;
  /** The attempt started (after the fence): counted and logged as `<step> started`. */
  started(job: Job, step: StepName): void;
  finished(job: Job, step: StepName, outcome: StepOutcome, durationMs: number): void;
  usage(step: StepName, usage: Partial<Usage>): void;
}
export type StepOutcome = 'completed' | 'skipped' | 'retry' | 'failed' | 'waiting_db' | 'requeued' | 'cancelled' | 'delayed';

export interface StepProcessorOptions extends Partial<RecoveryOptions> {
  timeoutMs: number;
  observer?: StepObserver | undefined;
  /**
   * Called once the attempt has started (past the fence), with the job context start_step
   * returned: a wrapper that needs it (finalize's: the project) reads nothing of its own.
   */
  onStarted?: ((job: Job, analysisJob: AnalysisJobContext) => void) | undefined;
}

/**
 * Wraps a step body as a BullMQ processor. It fences and records the attempt, skips steps this
 * run already committed (re-delivery after a crash costs nothing), enforces the deadline through
 * an AbortSignal, commits the body's output once, and maps failures to BullMQ behaviour:
 * RetryLaterError delays without using an attempt; PermanentError and fenced writes fail at once.
 * Recovery (step-recovery.ts): an unreachable database delays the job without using an attempt,
 * and a finished output is kept in memory while its commit is retried; BullMQ's signal (worker
 * shutdown or a cancelled run) aborts the body like the deadline does.
 */
export function createStepProcessor<S extends StepName>(def: StepDefinition<S>, deps: StepDeps, opts: StepProcessorOptions) {
  const recovery: RecoveryOptions = { commitRetryMs: opts.commitRetryMs ?? 10 * 60_000, storeRetryMaxDelayMs: opts.storeRetryMaxDelayMs ?? 15_000 };
  const observer = opts.observer;
  return async function processStep(job: Job, token?: string, signal?: AbortSignal): Promise<unknown> {
    const { analysisJobId, runNo } = StepJobData.parse(job.data);
    const { store } = deps;
    const step = def.step;
    const startedAt = Date.now();
    let outcome: StepOutcome = 'failed';

    // BullMQ's signal: this worker is shutting down, or the run was cancelled
    const external = signal ?? new AbortController().signal;
    // usage writes in flight; `false` = the database was unreachable, written again before the commit
    const pendingUsage: { usage: Partial<Usage>; written: Promise<boolean> }[] = [];
    try {
      // fences, records the attempt, returns the job context and the step's inputs: one round trip
      const start = await store.startStep(analysisJobId, runNo, step, def.reads);
      if (start.completed) {
        outcome = 'skipped';
        return start.result;
      }
      const { analysisJob, inputs } = start;
      // logs "<step> started" (src/ops/step-observer.ts)
      observer?.started(job, step);
      opts.onStarted?.(job, analysisJob);
      const ctx: Omit<StepContext<StepInputName>, 'signal'> = {
        analysisJob,
        inputs,
        runNo,
        spentUsd: analysisJob.spentUsd,
        recordUsage: (usage) => {
          observer?.usage(step, usage);
          const written = store.recordUsage(analysisJobId, runNo, step, usage)
            .then(() => true, (e: unknown) => { if (isStoreUnavailable(e)) return false; throw e; });
          written.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
          pendingUsage.push({ usage, written });
        },
        progress: async (percent, line) => {
          // a status line is not worth a retry of the step: lost while the database is away
          await Promise.all([
            store.reportProgress(analysisJobId, runNo, step, percent, line).catch((e: unknown) => { if (!isStoreUnavailable(e)) throw e; }),
            job.updateProgress({ percent, line }),
            // the step's status lines are its key lines in Bull Board's Logs tab too (best effort)
            job.log(`${new Date().toISOString()} progress ${Math.round(percent)}% ${line}`).catch(() => 0),
          ]);
        },
        checkpoint: {
          get: () => store.getCheckpoint(analysisJobId, step),
          set: (v) => store.setCheckpoint(analysisJobId, runNo, step, v),
        },
      };
      const output = await withDeadline(step, opts.timeoutMs, (stepSignal) => def.run(deps, { ...ctx, signal: stepSignal }), external);
      // usage rows are spend already made: wait for them like for the commit
      for (const u of pendingUsage) {
        if (!(await u.written)) await commitWithRetry(() => store.recordUsage(analysisJobId, runNo, step, u.usage), { ...recovery, stop: external });
      }
      // the output is paid for: keep it through a database outage instead of recomputing it
      const result = await commitWithRetry(() => store.commitStep(analysisJobId, runNo, step, output), {
        ...recovery,
        stop: external,
        onRetry: (err, tries) => { if (tries === 1) observer?.log(job, 'warn', `${step} commit waits for the database`, { err: err.message }); },
      });
      outcome = 'completed';
      observer?.log(job, 'info', `${step} committed`, { result: summarizeResult(result) });
      return result;
    } catch (err) {
      await Promise.allSettled(pendingUsage.map((u) => u.written));
      const mapped = await handleFailure(err, { job, token, store, analysisJobId, runNo, step, external, recovery });
      outcome = mapped.outcome;
      observer?.log(job, mapped.outcome === 'failed' ? 'error' : 'warn', `${step} ${mapped.outcome}: ${mapped.error.message || mapped.error.name}`,
        { err: (err as Error)?.message });
      throw mapped.error;
    } finally {
      observer?.finished(job, step, outcome, Date.now() - startedAt);
    }
  };
}

async function handleFailure(
  err: unknown,
  c: {
    job: Job; token?: string | undefined; store: Store; analysisJobId: string; runNo: number; step: StepName;
    external: AbortSignal; recovery: RecoveryOptions;
  },
): Promise<{ error: Error; outcome: StepOutcome }> {
  const error = err instanceof Error ? err : new Error(String(err));
  if (error instanceof StaleRunError) return { error: new UnrecoverableError(`superseded: ${error.message}`), outcome: 'failed' };

  // the run was cancelled (its row says so; every write is fenced off): stop, record nothing
  if (c.external.aborted && c.external.reason === ABORT_CANCELLED) {
    return { error: new UnrecoverableError('cancelled'), outcome: 'cancelled' };
  }
  // this worker is shutting down: hand the job back at once, without using an attempt, so
  // another worker takes it (the database row still says running; the next start counts it)
  if (c.external.aborted && c.token) {
    return { error: await requeueWithoutAttempt(c.job, c.token, 0), outcome: 'requeued' };
  }
  // the database is unreachable: not the step's fault, so wait without using an attempt
  if (isStoreUnavailable(error) && c.token) {
    const delay = await storeWaitDelay(c.job, c.recovery.storeRetryMaxDelayMs);
    return { error: await requeueWithoutAttempt(c.job, c.token, delay), outcome: 'waiting_db' };
  }

  if (error instanceof RetryLaterError && c.token) {
    // honour Retry-After without burning an attempt (DelayedError does not count as one); a
    // wait, not a failure: shown as the step's status line, the error column stays clean
    await c.store.reportProgress(c.analysisJobId, c.runNo, c.step, -1, `waiting: ${error.message}; next try in ${Math.round(error.retryAfterMs / 1000)} s`).catch(() => {});
    await c.job.moveToDelayed(Date.now() + error.retryAfterMs, c.token);
    return { error: new DelayedError(), outcome: 'delayed' };
  }

  // retrying cannot fix bad input or a refused write (e.g. finalize before its dependencies)
  const permanent = error instanceof PermanentError || error instanceof UnrecoverableError
    || error instanceof InvalidInputError || error instanceof ZodError;
  const final = permanent || c.job.attemptsMade + 1 >= (c.job.opts.attempts ?? 1);
  const message = error.message || error.name;
  await c.store.failStep(c.analysisJobId, c.runNo, c.step, message, final).catch((e: unknown) => {
    if (e instanceof StaleRunError) return; // superseded meanwhile: nothing to record
    // database gone meanwhile: the reconciler records BullMQ's failure when it is back
    if (isStoreUnavailable(e)) return;
    throw e;
  });
  return { error: permanent ? new UnrecoverableError(message) : error, outcome: final ? 'failed' : 'retry' };
}
