import { stepAndDependents, type StepName } from '../domain/steps.js';
import type { RunStart, Store } from '../ports/store.js';
import type { StepQueues } from '../queues/step-queues.js';
import type { QueueConfig } from '../config/index.js';
import { buildFlowTree, runBullJobs, stepsToRun } from './plan.js';
import { RunActiveError, StaleRunError } from '../domain/run-errors.js';
import { inspectRun, recordMissedFailures } from './run-in-redis.js';

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
  /** The interview's title when the caller knows it (names the jobs); read from the store otherwise. */
  title?: string | null | undefined;
}

/**
 * A run opened this long ago whose flow never reached Redis is taken as lost (a crash between
 * opening the run and adding its flow). The one definition: begin_run trusts this judgement.
 */
const LOST_FLOW_GRACE_MS = 30_000;
/** How many earlier runs a new run clears from Redis. */
const MAX_RUNS_CLEANED = 10;

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
  const supersede = opts.supersede ?? false;
  const run = await deps.store.beginRun(analysisJobId, { reset, supersede }).catch(async (err: unknown) => {
    // a "live" run with no job left in Redis (Redis flushed or failed over, or a crash between
    // opening the run and adding its flow) can never finish: rebuild it from the database. The
    // store decides atomically, so two concurrent resumes cannot both rebuild.
    if (!(err instanceof RunActiveError)) throw err;
    const current = await deps.store.getAnalysisJob(analysisJobId);
    // the flow must have been added before we look for it in Redis (or the run be old enough
    // to have lost its chance): otherwise we would race the resume that is adding it
    const flowAdded = current?.flowRun === current?.currentRun;
    const old = current?.runStartedAt ? Date.now() - Date.parse(current.runStartedAt) > LOST_FLOW_GRACE_MS : false;
    if (!current || !(flowAdded || old)) throw err;
    const inRedis = await inspectRun(deps.queues, analysisJobId, current.currentRun);
    if (inRedis.live) throw err;
    // only parents waiting on failed children are left: write the failures the database missed
    // (it was down when they happened), then resume like any failed run; the store still
    // refuses while a step is running (an old worker may be finishing it)
    await recordMissedFailures(deps.store, analysisJobId, current.currentRun, inRedis, current.steps.filter((st) => st.runNo === current.currentRun));
    return deps.store.beginRun(analysisJobId, { reset, supersede, lostRun: current.currentRun });
  });
  return addRunFlow(deps, analysisJobId, run, opts);
}

/**
 * The second half of startRun, for a run the store has just opened (begin_run, or
 * create_interview_with_run at submission): clears earlier runs' jobs from Redis and adds the
 * flow for the steps left to run, checked against the current run (mark_flow_added).
 */
export async function addRunFlow(deps: RunDeps, analysisJobId: string, run: RunStart, opts: Pick<StartRunOptions, 'title'> = {}): Promise<StartedRun> {
  // earlier runs' leftovers too (a job locked during an earlier cleanup survives it)
  for (let r = run.runNo - 1; r >= Math.max(1, run.runNo - MAX_RUNS_CLEANED); r--) await removeRunJobs(deps.queues, analysisJobId, r);

  const steps = stepsToRun(run.completedSteps);
  const title = steps.length === 0 ? null : opts.title !== undefined ? opts.title : await deps.store.getJobTitle(analysisJobId);
  const tree = buildFlowTree({ analysisJobId, interviewId: run.interviewId, runNo: run.runNo, title }, steps, deps.queueConfig);
  if (tree) {
    await deps.queues.flows.add(tree);
    // A later resume may have opened its run (and cleared earlier runs' jobs) between our
    // begin_run and this add: then our flow is a superseded one nobody else will remove. Adding
    // first and checking the current run second closes the race: either that resume's cleanup
    // runs after our add and removes it, or we see its run here and remove our own flow. The
    // check is mark_flow_added's own fence (row lock, current run = ours, else StaleRunError),
    // so it costs no round trip of its own.
    try {
      await deps.store.markFlowAdded(analysisJobId, run.runNo);
    } catch (err) {
      if (err instanceof StaleRunError) await removeRunJobs(deps.queues, analysisJobId, run.runNo);
      throw err;
    }
  }
  return { analysisJobId, runNo: run.runNo, steps };
}

/**
 * Removes a superseded run's jobs so parents waiting on a failed child do not pile up. Top
 * down: the root goes with its children in one call; removing a child first would release its
 * waiting parent, which a worker could then pick up. A job locked by a worker is not removed;
 * fencing refuses its writes.
 */
export async function removeRunJobs(queues: StepQueues, analysisJobId: string, runNo: number): Promise<void> {
  for (const { queue, jobId } of runBullJobs(analysisJobId, runNo)) {
    await queues.get(queue).remove(jobId, { removeChildren: true }).catch(() => 0);
  }
}
