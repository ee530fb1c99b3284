import type { Logger } from 'pino';
import type { Store, LiveRun } from '../ports/store.js';
import type { StepQueues } from '../queues/step-queues.js';
import type { QueueConfig } from '../config/index.js';
import type { Metrics } from './metrics.js';
import { inspectRun, recordMissedFailures, type RunInRedis } from '../flows/run-in-redis.js';
import { notifyAnalysisJobFailed } from '../flows/notify-failed.js';
import { startRun } from '../flows/start-run.js';
import { RunActiveError, StaleRunError } from '../domain/run-errors.js';
import { reconcileSyntheses } from './reconcile-syntheses.js';

export interface ReconcileDeps {
  store: Store;
  queues: StepQueues;
  queueConfig: QueueConfig;
  log: Logger;
  metrics?: Metrics | undefined;
  /** A run opened less than this ago whose flow is not recorded as added is left alone. */
  graceMs: number;
  /** Clock (tests). */
  now?: () => number;
}

/** What one pass did; also the reconcile job's return value (shown in Bull Board). */
export interface ReconcileReport {
  checked: number;
  /** Runs with no job left in Redis, rebuilt from the database (resume of the lost run). */
  rebuilt: string[];
  /** Final failures BullMQ recorded that the database had missed. */
  failuresRecorded: number;
  /** Steps marked failed because their worker is gone and their deadline passed. */
  lostSteps: number;
  /** Synthesis runs left running whose job is gone or finished, recorded failed. */
  synthesisRunsFailed: number;
  errors: number;
}

/**
 * One reconciler pass. For every run the database calls live it looks at the run's jobs in
 * Redis and:
 * - writes final failures that BullMQ recorded but the database missed (it was down);
 * - when no job of the run can progress (Redis flushed or failed over, a crash between opening
 *   the run and adding its flow, parents waiting on failed children whose failure was never
 *   recorded): marks steps whose worker is gone and whose deadline passed as lost, waits while
 *   a step may still be finishing on a live worker, then rebuilds the run from the database.
 * Completed steps are never run again, and the store refuses the rebuild while any step of
 * the run is still running, so a step is never executed twice by a rebuild.
 */
export async function reconcile(deps: ReconcileDeps, limit = 500): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, rebuilt: [], failuresRecorded: 0, lostSteps: 0, synthesisRunsFailed: 0, errors: 0 };
  const runs = await deps.store.listLiveRuns(limit);
  for (const run of runs) {
    report.checked++;
    try {
      await reconcileRun(deps, run, report);
    } catch (err) {
      // another resume or worker moved first: the next pass sees the new state
      if (err instanceof RunActiveError || err instanceof StaleRunError) continue;
      report.errors++;
      deps.log.warn({ analysisJobId: run.analysisJobId, runNo: run.runNo, err: (err as Error).message }, 'reconciler: run not reconciled');
    }
  }
  try {
    report.synthesisRunsFailed = await reconcileSyntheses(deps, limit);
  } catch (err) {
    report.errors++;
    deps.log.warn({ err: (err as Error).message }, 'reconciler: synthesis runs not reconciled');
  }
  const m = deps.metrics?.reconcilerActions;
  m?.inc({ action: 'checked' }, report.checked);
  m?.inc({ action: 'rebuilt' }, report.rebuilt.length);
  m?.inc({ action: 'failure_recorded' }, report.failuresRecorded);
  m?.inc({ action: 'lost_step' }, report.lostSteps);
  m?.inc({ action: 'synthesis_run_failed' }, report.synthesisRunsFailed);
  if (report.rebuilt.length || report.failuresRecorded || report.lostSteps || report.synthesisRunsFailed || report.errors) {
    deps.log.info({ ...report }, `reconciler: ${describe(report)}`);
  }
  return report;
}

async function reconcileRun(deps: ReconcileDeps, run: LiveRun, report: ReconcileReport): Promise<void> {
  const now = deps.now?.() ?? Date.now();
  const inRedis = await inspectRun(deps.queues, run.analysisJobId, run.runNo);
  const written = await recordMissedFailures(deps.store, run.analysisJobId, run.runNo, inRedis, run.steps);
  const recorded = written.length;
  report.failuresRecorded += recorded;
  if (recorded) {
    deps.log.warn({ analysisJobId: run.analysisJobId, runNo: run.runNo, failed: inRedis.failed }, 'reconciler: recorded failures the database had missed');
    await sendFailureWebhooks(deps, run, written[0]!, report);
  }
  if (inRedis.live) return;

  const opened = run.runStartedAt ? Date.parse(run.runStartedAt) : 0;
  if (run.flowRun !== run.runNo && now - opened < deps.graceMs) return; // its flow may be on its way

  // running in the database, nothing in Redis: a worker may still be finishing it (Redis was
  // flushed under it) or be dead. Past its deadline plus one lock period, it is dead.
  const running = run.steps.filter((s) => s.status === 'running');
  const lost = running.filter((s) => {
    const q = deps.queueConfig[s.step];
    const started = s.attemptStartedAt ? Date.parse(s.attemptStartedAt) : 0;
    return now - started > q.timeoutMs + q.lockDurationMs;
  });
  if (lost.length) {
    const changed = await deps.store.markStepsLost(run.analysisJobId, run.runNo, lost.map((s) => s.step),
      'lost: its worker and its job are gone (past the step deadline); rebuilt by the reconciler');
    report.lostSteps += changed.length;
    deps.log.warn({ analysisJobId: run.analysisJobId, runNo: run.runNo, steps: changed }, 'reconciler: steps lost with their worker');
  }
  if (running.length > lost.length) return;

  // a recorded failure is a failed run (resume or Bull Board retry decide), not a lost one
  if (recorded || (run.status !== 'queued' && run.status !== 'running')) return;
  const rebuilt = await startRun({ store: deps.store, queues: deps.queues, queueConfig: deps.queueConfig }, run.analysisJobId);
  report.rebuilt.push(run.analysisJobId);
  deps.log.warn({ analysisJobId: run.analysisJobId, runNo: rebuilt.runNo, lostRun: run.runNo, steps: rebuilt.steps }, 'reconciler: rebuilt a run lost from Redis');
}

/**
 * The failure the worker could not record is recorded now: the `analysis_job.failed` webhooks
 * the worker would have sent (same event key per run, so never a second delivery). Best effort as
 * in the worker: the run is no longer live once failed, so a later pass would not send them either.
 */
async function sendFailureWebhooks(deps: ReconcileDeps, run: LiveRun, failure: RunInRedis['failed'][number], report: ReconcileReport): Promise<void> {
  try {
    await notifyAnalysisJobFailed(deps, { analysisJobId: run.analysisJobId, runNo: run.runNo, step: failure.step, title: failure.title });
  } catch (err) {
    report.errors++;
    deps.log.warn({ analysisJobId: run.analysisJobId, runNo: run.runNo, err: (err as Error).message }, 'reconciler: failure webhooks not enqueued');
  }
}

export function describe(r: ReconcileReport): string {
  return `checked ${r.checked} live run(s), rebuilt ${r.rebuilt.length}, recorded ${r.failuresRecorded} missed failure(s), `
    + `marked ${r.lostSteps} lost step(s)${r.synthesisRunsFailed ? `, failed ${r.synthesisRunsFailed} lost synthesis run(s)` : ''}${r.errors ? `, ${r.errors} error(s)` : ''}`;
}
