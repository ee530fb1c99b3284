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
 * Logs, metrics and job.log lines for the step runner. A step's key lines (started, committed,
 * waits, failures) also go to job.log so Bull Board shows them on the job.
 */
export function createStepObserver(log: Logger, metrics: Metrics | undefined): StepObserver {
  return {
    log(job, level, msg, extra = {}) {
      const fields = { ...stepFields(job, job.queueName), ...extra };
      log[level](fields, msg);
      // best effort: Bull Board is a view; a Redis hiccup must not fail the step
      job.log(`${new Date().toISOString()} ${level} ${msg}${extra.result ? `: ${String(extra.result)}` : ''}${extra.err ? ` (${String(extra.err)})` : ''}`).catch(() => {});
    },
    started(job, step) {
      metrics?.stepAttempts.inc({ step });
      void job;
    },
    finished(job, step, outcome, durationMs) {
      metrics?.stepDuration.observe({ step, outcome }, durationMs / 1000);
      if (outcome === 'failed' || outcome === 'retry') metrics?.stepFailures.inc({ step, final: String(outcome === 'failed') });
      void job;
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
