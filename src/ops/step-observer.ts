import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import type { StepName } from '../domain/steps.js';
import type { Usage } from '../domain/analysis.js';
import type { StepObserver, StepOutcome } from '../processors/step-runner.js';
import type { Metrics } from './metrics.js';

/** The fields every log line of a step carries, read from the job. */
export function stepFields(job: Job, step: string): Record<string, unknown> {
  const d = (job.data ?? {}) as { analysisJobId?: string; interviewId?: string; runNo?: number };
  return { analysisJobId: d.analysisJobId, interviewId: d.interviewId, runNo: d.runNo, step, attempt: job.attemptsMade + 1, jobId: job.id };
}

/**
 * How long a step's "started" line waits before it goes to job.log on its own. A step that
 * writes its next line sooner (most: committed within milliseconds) writes both as one log
 * entry, one Redis call instead of two; a long step still shows "started" in Bull Board.
 */
export const STARTED_LINE_DELAY_MS = 1_000;

/**
 * Logs, metrics and job.log lines for the step runner. A step's key lines (started, committed,
 * waits, failures) also go to job.log so Bull Board shows them on the job.
 */
export function createStepObserver(log: Logger, metrics: Metrics | undefined): StepObserver {
  // best effort: Bull Board is a view; a Redis hiccup must not fail the step
  const jobLog = (job: Job, text: string) => { job.log(text).catch(() => {}); };
  const startedLines = new WeakMap<Job, { line: string; timer: NodeJS.Timeout }>();
  /** Writes the job's deferred "started" line now, joined with `next` when there is one. */
  const flush = (job: Job, next?: string) => {
    const started = startedLines.get(job);
    if (started) {
      clearTimeout(started.timer);
      startedLines.delete(job);
    }
    const text = started && next ? `${started.line} · ${next}` : started?.line ?? next;
    if (text) jobLog(job, text);
  };
  return {
    log(job, level, msg, extra = {}) {
      const fields = { ...stepFields(job, job.queueName), ...extra };
      log[level](fields, msg);
      flush(job, `${new Date().toISOString()} ${level} ${msg}${extra.result ? `: ${String(extra.result)}` : ''}${extra.err ? ` (${String(extra.err)})` : ''}`);
    },
    started(job, step) {
      metrics?.stepAttempts.inc({ step });
      const msg = `${step} started`;
      log.info(stepFields(job, step), msg);
      const line = `${new Date().toISOString()} info ${msg}`;
      const timer = setTimeout(() => flush(job), STARTED_LINE_DELAY_MS);
      timer.unref();
      startedLines.set(job, { line, timer });
    },
    finished(job, step, outcome, durationMs) {
      metrics?.stepDuration.observe({ step, outcome }, durationMs / 1000);
      if (outcome === 'failed' || outcome === 'retry') metrics?.stepFailures.inc({ step, final: String(outcome === 'failed') });
      flush(job);
    },
    usage(step, usage) {
      if (!metrics) return;
      metrics.llmCalls.inc({ step }, usage.calls ?? 0);
      metrics.llmTokens.inc({ step, kind: 'input' }, usage.inputTokens ?? 0);
      metrics.llmTokens.inc({ step, kind: 'output' }, usage.outputTokens ?? 0);
      metrics.llmTokens.inc({ step, kind: 'cached' }, usage.cachedTokens ?? 0);
      metrics.llmCost.inc({ step }, usage.costUsd ?? 0);
    },
  };
}

export type { StepObserver, StepOutcome, StepName, Usage };
