import { Worker, type Job, type Processor } from 'bullmq';
import { StepJobData, isStepName, type StepName } from '../domain/steps.js';
import type { Runtime } from '../runtime/runtime.js';
import { QUEUE_NAMES, type QueueName } from '../queues/names.js';
import type { NonStepQueueName } from '../queues/defaults.js';
import { STEP_DEFINITIONS } from '../processors/index.js';
import { createStepProcessor, type StepProcessorOptions } from '../processors/step-runner.js';
import { ABORT_SHUTDOWN } from '../processors/step-recovery.js';
import { createFanoutProcessor } from '../flows/fanout.js';
import { createSynthesizeProcessor } from '../processors/synthesize.js';
import { SynthesizeJobData } from '../domain/synthesis.js';
import { withSynthesisTrigger } from './synthesis-trigger.js';
import { withNextLayer } from './next-layer.js';
import { notifyFailed, withSynthesisWebhooks } from './webhook-trigger.js';
import { createWebhookProcessor } from '../processors/deliver-webhook.js';
import { createHttpWebhookSender } from '../webhooks/http-sender.js';
import { DEFAULT_MAX_STALLED_COUNT, WORKER_RUN_RETRY_DELAY_MS } from '../domain/queue-settings.js';
import { createStepObserver, stepFields } from '../ops/step-observer.js';
import { isStoreUnavailable } from '../processors/step-recovery.js';
import { listenForCancels } from './cancel-listener.js';
import { bullTelemetry } from '../telemetry/tracing.js';

export interface StepWorkers {
  workers: Worker[];
  /**
   * Stops taking jobs and waits for active ones to finish (graceful drain). After `timeoutMs`
   * (default SHUTDOWN_TIMEOUT_MS) the steps still running are aborted through their signal and
   * handed back to the queue without using an attempt, so another worker retries them.
   */
  close(timeoutMs?: number): Promise<void>;
}

/** The processor of each queue that is not a step (see NON_STEP_QUEUE_DEFAULTS). */
const NON_STEP_PROCESSORS: Record<NonStepQueueName, (rt: Runtime) => Processor> = {
  fanout: (rt) => createFanoutProcessor(rt.queues.flows, rt.config.queues),
  synthesize: (rt) => withSynthesisWebhooks(createSynthesizeProcessor(rt, { timeoutMs: rt.config.queues.synthesize.timeoutMs }), rt),
  // webhook URLs go through the media URL policy (loopback only in the test/loopback mode)
  webhooks: (rt) => createWebhookProcessor({
    webhooks: rt.store.webhooks,
    sender: createHttpWebhookSender({ timeoutMs: rt.config.queues.webhooks.timeoutMs, policy: rt.mediaUrlPolicy }),
  }),
};

function processorFor(rt: Runtime, name: QueueName): Processor {
  if (!isStepName(name)) return NON_STEP_PROCESSORS[name](rt);
  const deps = { store: rt.store, analyzer: rt.analyzer, transcriber: rt.transcriber };
  const step = (onStarted?: StepProcessorOptions['onStarted']) => createStepProcessor(STEP_DEFINITIONS[name] as never, deps, {
    timeoutMs: rt.config.queues[name].timeoutMs,
    commitRetryMs: rt.config.ops.commitRetryMs,
    storeRetryMaxDelayMs: rt.config.ops.storeRetryMaxDelayMs,
    observer: createStepObserver(rt.log, rt.metrics),
    onStarted,
  });
  // a finished interview schedules its project's synthesis (debounced per project)
  if (name === 'finalize') return withSynthesisTrigger(step, rt);
  // a step below a parallel layer starts the layer itself (its job data says which)
  return withNextLayer(step(), rt);
}

/** Starts one BullMQ Worker per queue, each with its queue's concurrency, lock and limiter. */
export function startWorkers(rt: Runtime, names: readonly QueueName[] = QUEUE_NAMES): StepWorkers {
  const workers = names.map((name) => {
    const q = rt.config.queues[name];
    const worker = new Worker(name, processorFor(rt, name), {
      connection: rt.connection,
      prefix: rt.config.queuePrefix,
      concurrency: q.concurrency,
      lockDuration: q.lockDurationMs,
      // check for stalled jobs (a dead worker's) as often as a lock can expire
      stalledInterval: Math.min(30_000, q.lockDurationMs),
      maxStalledCount: q.maxStalledCount ?? DEFAULT_MAX_STALLED_COUNT,
      runRetryDelay: WORKER_RUN_RETRY_DELAY_MS,
      // each step runs in a span continuing the trace its job was added in
      telemetry: bullTelemetry(),
      ...(q.rateLimit ? { limiter: { max: q.rateLimit.max, duration: q.rateLimit.durationMs } } : {}),
    });
    // a worker's own errors (Redis gone, lock renewal failed): logged and counted, never fatal
    worker.on('error', (err) => {
      rt.metrics.workerErrors.inc({ queue: name });
      rt.log.error({ queue: name, err: err.message }, `worker error on ${name}`);
    });
    if (isStepName(name)) worker.on('failed', (job, err) => recordFinalFailure(rt, name, job, err));
    if (name === 'synthesize') worker.on('failed', (job, err) => recordSynthesisFailure(rt, job, err));
    return worker;
  });
  const cancels = listenForCancels(rt, workers);
  let closing: Promise<void> | undefined;
  return {
    workers,
    close(timeoutMs = rt.config.shutdownTimeoutMs) {
      closing ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const drained = Promise.all(workers.map((w) => w.close())).then(() => true);
        const late = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
        if (!(await Promise.race([drained, late]))) {
          rt.log.warn(`shutdown timeout (${timeoutMs} ms): aborting the steps still running; they go back to the queue`);
          for (const w of workers) w.cancelAllJobs(ABORT_SHUTDOWN);
          await drained;
        }
        clearTimeout(timer);
        await cancels.close();
      })();
      return closing;
    },
  };
}

/**
 * BullMQ fails some jobs without running the processor (a job that stalled too often), so the
 * store would never hear of it and the run would look live forever. `finishedOn` is set only
 * when the job will not be retried. Idempotent with the processor's own record; if the
 * database is unreachable the reconciler records it later from the failed job in Redis.
 */
function recordFinalFailure(rt: Runtime, step: StepName, job: Job | undefined, err: Error): void {
  if (!job?.finishedOn) return;
  const data = StepJobData.safeParse(job.data);
  if (!data.success) return;
  rt.store.failStep(data.data.analysisJobId, data.data.runNo, step, err.message || err.name, true).then(
    // the failure is recorded: the analysis job's `analysis_job.failed` webhooks, once per run
    () => notifyFailed(rt, step, job).catch((e: unknown) => {
      rt.log.warn({ ...stepFields(job, step), err: (e as Error).message }, 'failure webhooks not enqueued');
    }),
    (e: unknown) => {
      if (isStoreUnavailable(e)) rt.log.warn({ ...stepFields(job, step), err: (e as Error).message }, 'final failure not recorded yet (database unreachable); the reconciler will');
      else rt.log.error({ ...stepFields(job, step), err: (e as Error).message }, 'final failure not recorded');
    },
  );
}

/**
 * The same for a synthesize job: one that stalled more than allowed is failed by the next worker
 * that picks it up, without running the processor, so the run its dead worker opened would stay
 * `running`. Only on the final failure (no attempt follows that could have opened a live run).
 */
function recordSynthesisFailure(rt: Runtime, job: Job | undefined, err: Error): void {
  if (!job?.finishedOn || job.id === undefined) return;
  const data = SynthesizeJobData.safeParse(job.data);
  if (!data.success) return;
  rt.store.failSynthesisJob(data.data.projectId, String(job.id), err.message || err.name, new Date(job.finishedOn)).then((n) => {
    if (n > 0) rt.log.warn({ queue: 'synthesize', jobId: job.id, projectId: data.data.projectId, runs: n, err: err.message }, 'synthesis run(s) failed with their job');
  }, (e: unknown) => {
    rt.log.warn({ queue: 'synthesize', jobId: job.id, err: (e as Error).message }, 'synthesis job failure not recorded on its run');
  });
}
