import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';

/**
 * Prometheus metrics of one process (prom-client). Workers serve them on METRICS_PORT; the
 * API serves them at /metrics. Each process has its own registry so tests can run several.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly stepDuration = new Histogram({
    name: 'iflow_step_duration_seconds',
    help: 'Duration of one step attempt, by step and outcome (completed, retry, failed, waiting_db, requeued, cancelled, delayed, skipped)',
    labelNames: ['step', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });
  readonly stepAttempts = new Counter({
    name: 'iflow_step_attempts_total', help: 'Step attempts started, by step', labelNames: ['step'] as const, registers: [this.registry],
  });
  readonly stepFailures = new Counter({
    name: 'iflow_step_failures_total', help: 'Step attempts that failed, by step and whether it was final', labelNames: ['step', 'final'] as const, registers: [this.registry],
  });
  readonly llmTokens = new Counter({
    name: 'iflow_llm_tokens_total', help: 'LLM tokens recorded by steps, by step and kind (input, output, cached)', labelNames: ['step', 'kind'] as const, registers: [this.registry],
  });
  readonly llmCost = new Counter({
    name: 'iflow_llm_cost_usd_total', help: 'LLM cost recorded by steps, in USD', labelNames: ['step'] as const, registers: [this.registry],
  });
  readonly llmCalls = new Counter({
    name: 'iflow_llm_calls_total', help: 'LLM calls recorded by steps', labelNames: ['step'] as const, registers: [this.registry],
  });
  readonly reconcilerActions = new Counter({
    name: 'iflow_reconciler_actions_total', help: 'What the reconciler did, by action (rebuilt, failure_recorded, lost_step, checked)', labelNames: ['action'] as const, registers: [this.registry],
  });
  readonly workerErrors = new Counter({
    name: 'iflow_worker_errors_total', help: 'Error events of BullMQ workers, by queue', labelNames: ['queue'] as const, registers: [this.registry],
  });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'iflow_process_' });
  }

  /** Queue depth per state and the age of the oldest waiting job, read from Redis at scrape time. */
  watchQueues(queues: Queue[]): void {
    const depth = new Gauge({
      name: 'iflow_queue_jobs', help: 'Jobs per queue and state', labelNames: ['queue', 'state'] as const, registers: [this.registry],
      async collect() {
        for (const q of queues) {
          const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed');
          for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
        }
      },
    });
    const oldest = new Gauge({
      name: 'iflow_queue_oldest_waiting_seconds', help: 'Age of the oldest job waiting to be picked up, per queue (0 when none)', labelNames: ['queue'] as const, registers: [this.registry],
      async collect() {
        for (const q of queues) {
          const [job] = await q.getJobs(['wait', 'prioritized'], 0, 0, true);
          this.set({ queue: q.name }, job ? Math.max(0, (Date.now() - job.timestamp) / 1000) : 0);
        }
      },
    });
    void depth; void oldest;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
