import { Worker, type Job, type Processor } from 'bullmq';
import { StepJobData, isStepName, type StepName } from '../domain/steps.js';
import type { Runtime } from '../runtime/runtime.js';
import { QUEUE_NAMES, type QueueName } from '../queues/names.js';
import type { NonStepQueueName } from '../queues/defaults.js';
import { STEP_DEFINITIONS } from '../processors/index.js';
import { createStepProcessor } from '../processors/step-runner.js';
import { createFanoutProcessor } from '../flows/fanout.js';
import { createSynthesizeProcessor } from '../processors/synthesize.js';
import { withSynthesisTrigger } from './synthesis-trigger.js';

export interface StepWorkers {
  workers: Worker[];
  /** Stops taking jobs and waits for active ones to finish (graceful drain). */
  close(): Promise<void>;
}

/** The processor of each queue that is not a step (see NON_STEP_QUEUE_DEFAULTS). */
const NON_STEP_PROCESSORS: Record<NonStepQueueName, (rt: Runtime) => Processor> = {
  fanout: (rt) => createFanoutProcessor(rt.queues.flows, rt.config.queues),
  synthesize: (rt) => createSynthesizeProcessor(rt, { timeoutMs: rt.config.queues.synthesize.timeoutMs }),
};

function processorFor(rt: Runtime, name: QueueName): Processor {
  if (!isStepName(name)) return NON_STEP_PROCESSORS[name](rt);
  const deps = { store: rt.store, analyzer: rt.analyzer, transcriber: rt.transcriber };
  const step = createStepProcessor(STEP_DEFINITIONS[name] as never, deps, { timeoutMs: rt.config.queues[name].timeoutMs });
  // a finished interview schedules its project's synthesis (debounced per project)
  return name === 'finalize' ? withSynthesisTrigger(step, rt) : step;
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
      maxStalledCount: 2,
      ...(q.rateLimit ? { limiter: { max: q.rateLimit.max, duration: q.rateLimit.durationMs } } : {}),
    });
    // errors are recorded per step in the store; this only keeps the process alive
    worker.on('error', () => {});
    if (isStepName(name)) worker.on('failed', (job, err) => recordFinalFailure(rt, name, job, err));
    return worker;
  });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

/**
 * BullMQ fails some jobs without running the processor (a job that stalled too often), so the
 * store would never hear of it and the run would look live forever. `finishedOn` is set only
 * when the job will not be retried. Idempotent with the processor's own record.
 */
function recordFinalFailure(rt: Runtime, step: StepName, job: Job | undefined, err: Error): void {
  if (!job?.finishedOn) return;
  const data = StepJobData.safeParse(job.data);
  if (!data.success) return;
  rt.store.failStep(data.data.analysisJobId, data.data.runNo, step, err.message || err.name, true).catch(() => {
    // superseded run (fenced) or database unavailable: nothing more to do here
  });
}
