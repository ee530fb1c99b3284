import type { FlowJob } from 'bullmq';
import { STEPS, STEP_LAYERS, stepAndDependents, type StepName } from '../domain/steps.js';
import type { QueueConfig } from '../config/index.js';
import type { QueueName } from '../queues/names.js';
import { bullJobId } from './bull-job-ids.js';
import { runJobOptions } from './job-options.js';
import { stepJobName } from './job-names.js';

/** Steps a run must execute: those not complete, plus `resumeFrom` and everything after it. */
export function stepsToRun(completed: readonly StepName[], resumeFrom?: StepName): StepName[] {
  const forced = resumeFrom ? new Set(stepAndDependents(resumeFrom)) : new Set<StepName>();
  return STEPS.filter((s) => forced.has(s) || !completed.includes(s));
}

export interface RunIdentity {
  analysisJobId: string;
  interviewId: string;
  runNo: number;
  /** The interview's title, for the jobs' names in Bull Board. */
  title?: string | null | undefined;
}

/** One node of a run's tree before it becomes a BullMQ FlowJob: a step, or a fanout of a layer. */
interface PlanNode {
  queue: QueueName;
  /** Part of the BullMQ job id after `.r<run>.`: the queue name (one fanout per run, see below). */
  name: string;
  fanoutSteps?: StepName[];
}

/**
 * The layers of the step table (src/domain/steps.ts) as a chain, keeping only `steps`: a layer
 * of one step is that step's node; a layer of several is one fanout node that adds them as its
 * own children (a BullMQ parent runs after its children, and a child cannot have two parents).
 * With today's table: finalize <- fanout(insights, personas, answers) <- evidence <- transcribe.
 */
function planNodes(steps: readonly StepName[]): PlanNode[] {
  const nodes: PlanNode[] = [];
  for (const layer of STEP_LAYERS) {
    const todo = layer.filter((s) => steps.includes(s));
    if (todo.length === 0) continue;
    // a lone step of a parallel layer still goes through fanout: the layer's shape (and its job
    // ids) must not depend on which of its steps a resume runs again
    if (layer.length === 1) nodes.push({ queue: todo[0]!, name: todo[0]! });
    else nodes.push({ queue: 'fanout', name: fanoutName(layer), fanoutSteps: todo });
  }
  return nodes;
}

/** A run may have several parallel layers: each fanout job is named after its layer's first step. */
function fanoutName(layer: readonly StepName[]): string {
  return STEP_LAYERS.filter((l) => l.length > 1).length > 1 ? `fanout-${layer[0]}` : 'fanout';
}

/**
 * Attempts and backoff of the steps a fanout adds, fixed here by the process that opens the run
 * (as for every other node of the tree), so the fanout worker's environment cannot change them.
 */
function retryOptions(steps: readonly StepName[], queues: QueueConfig) {
  return Object.fromEntries(steps.map((s) => [s, { attempts: queues[s].attempts, backoff: queues[s].backoff }]));
}

/**
 * The flow tree of a run, keeping only the steps to run; null when nothing is left. Steps
 * already complete are left out and their dependents start from the store.
 */
export function buildFlowTree(run: RunIdentity, steps: readonly StepName[], queues: QueueConfig): FlowJob | null {
  // the title travels in the data so a fanout can name the steps it adds
  const data = { analysisJobId: run.analysisJobId, interviewId: run.interviewId, runNo: run.runNo, ...(run.title ? { title: run.title } : {}) };
  let chain: FlowJob | undefined;
  for (const n of planNodes(steps)) {
    // the step right below a fanout adds the fanout's layer itself once it has committed (one
    // hop less; src/worker/next-layer.ts); the fanout adds it only if that did not happen
    if (n.fanoutSteps && chain && chain.queueName !== 'fanout') {
      chain.data = { ...chain.data, next: { steps: n.fanoutSteps, stepOptions: retryOptions(n.fanoutSteps, queues) } };
    }
    chain = {
      name: stepJobName(n.queue, run),
      queueName: n.queue,
      data: n.fanoutSteps ? { ...data, steps: n.fanoutSteps, phase: 'start', stepOptions: retryOptions(n.fanoutSteps, queues) } : data,
      opts: runJobOptions(queues[n.queue], bullJobId(run.analysisJobId, run.runNo, n.name)),
      ...(chain ? { children: [chain] } : {}),
    };
  }
  return chain ?? null;
}

/**
 * Every BullMQ job a run can have, root first (the order to remove a run top-down): the chain
 * nodes of a full run from finalize down, each fanout followed by the steps it adds.
 */
export function runBullJobs(analysisJobId: string, runNo: number): { queue: QueueName; jobId: string }[] {
  const out: { queue: QueueName; jobId: string }[] = [];
  for (const n of planNodes(STEPS).reverse()) {
    out.push({ queue: n.queue, jobId: bullJobId(analysisJobId, runNo, n.name) });
    for (const s of n.fanoutSteps ?? []) out.push({ queue: s, jobId: bullJobId(analysisJobId, runNo, s) });
  }
  return out;
}
