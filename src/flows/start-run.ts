import { stepAndDependents, type StepName } from '../domain/steps.js';
import type { Store } from '../ports/store.js';
import type { StepQueues } from '../queues/step-queues.js';
import type { QueueConfig } from '../config/index.js';
import { QUEUE_NAMES } from '../queues/names.js';
import { buildFlowTree, stepsToRun } from './plan.js';
import { stepJobId } from './job-ids.js';
import { RunActiveError } from '../store/errors.js';

export interface RunDeps {
  store: Store;
  queues: StepQueues;
  queueConfig: QueueConfig;
}

export interface StartRunOptions {
  /** Force this step and every step after it to run again. */
  resumeFrom?: StepName | undefined;
  /** Replace a live run instead of answering 409. */
  supersede?: boolean | undefined;
}

export interface StartedRun {
  analysisJobId: string;
  runNo: number;
  steps: StepName[];
}

/**
 * Opens a run in the store (which refuses a second live run and fences the old one), removes
 * the previous run's unfinished jobs from Redis, and adds the flow for the steps left to run.
 * Postgres holds everything the flow needs, so this also rebuilds a flow lost from Redis.
 */
export async function startRun(deps: RunDeps, analysisJobId: string, opts: StartRunOptions = {}): Promise<StartedRun> {
  const reset = opts.resumeFrom ? stepAndDependents(opts.resumeFrom) : [];
  const run = await deps.store.beginRun(analysisJobId, { reset, supersede: opts.supersede ?? false })
    .catch(async (err: unknown) => {
      // a "live" run with no job left in Redis (Redis flushed or failed over, or a crash between
      // opening the run and adding its flow) can never finish: rebuild it from the database
      if (!(err instanceof RunActiveError) || (await runIsInRedis(deps, analysisJobId))) throw err;
      return deps.store.beginRun(analysisJobId, { reset, supersede: true });
    });
  if (run.runNo > 1) await removeRunJobs(deps.queues, analysisJobId, run.runNo - 1);

  const steps = stepsToRun(run.completedSteps);
  const tree = buildFlowTree({ analysisJobId, interviewId: run.interviewId, runNo: run.runNo }, steps, deps.queueConfig);
  if (tree) await deps.queues.flows.add(tree);
  return { analysisJobId, runNo: run.runNo, steps };
}

/**
 * Removes a superseded run's jobs (root with children) so parents waiting on a failed child do
 * not pile up. A job that is active right now cannot be removed; fencing refuses its writes.
 */
async function removeRunJobs(queues: StepQueues, analysisJobId: string, runNo: number): Promise<void> {
  for (const name of QUEUE_NAMES) {
    const id = stepJobId(analysisJobId, runNo, name);
    try {
      await queues.get(name).remove(id, { removeChildren: true });
    } catch {
      // locked by a worker: it will be fenced off when it tries to write
    }
  }
}

/** True when any job of the job's current run is still in Redis (not completed). */
async function runIsInRedis(deps: RunDeps, analysisJobId: string): Promise<boolean> {
  const job = await deps.store.getAnalysisJob(analysisJobId);
  if (!job) return false;
  for (const name of QUEUE_NAMES) {
    const found = await deps.queues.get(name).getJob(stepJobId(analysisJobId, job.currentRun, name));
    if (found && !(await found.isCompleted())) return true;
  }
  return false;
}
