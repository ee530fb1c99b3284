import type { FlowJob } from 'bullmq';
import { STEPS, STEP_LAYERS, stepAndDependents, type StepName } from '../domain/steps.js';
import type { QueueConfig } from '../config/index.js';
import type { QueueName } from '../queues/names.js';
import { bullJobId } from './bull-job-ids.js';
import { runFlowJob } from './run-job.js';

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
  /**
   * A parallel layer joined by this node (a single step) instead of a fanout: its steps are this
   * node's children, added by the step below once it has committed (src/worker/next-layer.ts),
   * or given in the tree when no step below runs.
   */
  joins?: StepName[];
}

/**
 * The layers of the step table (src/domain/steps.ts) as a chain, keeping only `steps`: a layer
 * of one step is that step's node. A layer of several has to be joined by a parent (a BullMQ
 * parent runs after its children, and a child cannot have two parents): the next layer's step
 * when that layer is one step that runs too and the node below is not a fanout, else a fanout
 * node that adds the layer as its own children. With today's table:
 * finalize(joins insights, personas, answers) <- evidence <- transcribe, one job less than
 * finalize <- fanout <- evidence <- transcribe (the fanout was a hop of its own between the
 * layer and finalize: three Redis calls and a wake-up of another worker).
 * `withFanouts` keeps every parallel layer behind a fanout: the jobs a run may have in Redis
 * (runs opened before layers were joined have one).
 */
function planNodes(steps: readonly StepName[], withFanouts = false): PlanNode[] {
  const nodes: PlanNode[] = [];
  let joined: StepName[] | undefined;
  STEP_LAYERS.forEach((layer, i) => {
    const todo = layer.filter((s) => steps.includes(s));
    if (todo.length === 0) return;
    if (layer.length === 1) {
      nodes.push({ queue: todo[0]!, name: todo[0]!, ...(joined ? { joins: joined } : {}) });
      joined = undefined;
      return;
    }
    // a lone step of a parallel layer is still joined (or fanned out) as its layer: the
    // layer's shape must not depend on which of its steps a resume runs again
    const next = STEP_LAYERS[i + 1];
    const below = nodes.at(-1);
    if (!withFanouts && next?.length === 1 && steps.includes(next[0]!) && below?.queue !== 'fanout') joined = todo;
    else nodes.push({ queue: 'fanout', name: fanoutName(layer), fanoutSteps: todo });
  });
  return nodes;
}

/** A run may have several parallel layers: each fanout job is named after its layer's first step. */
function fanoutName(layer: readonly StepName[]): string {
  return STEP_LAYERS.filter((l) => l.length > 1).length > 1 ? `fanout-${layer[0]}` : 'fanout';
}

/**
 * Attempts and backoff of a parallel layer's steps (added later by the step below the layer or by
 * a fanout), fixed here by the process that opens the run (as for every other node of the tree),
 * so the adding worker's environment cannot change them.
 */
function retryOptions(steps: readonly StepName[], queues: QueueConfig) {
  return Object.fromEntries(steps.map((s) => [s, { attempts: queues[s].attempts, backoff: queues[s].backoff }]));
}

/**
 * The flow tree of a run, keeping only the steps to run; null when nothing is left. Steps
 * already complete are left out and their dependents start from the store.
 */
export function buildFlowTree(run: RunIdentity, steps: readonly StepName[], queues: QueueConfig): FlowJob | null {
  const stepJob = (step: StepName): FlowJob => runFlowJob(run, step, step, queues[step]);
  let chain: FlowJob | undefined;
  for (const n of planNodes(steps)) {
    // the step right below a parallel layer adds the layer itself once it has committed, as
    // children of its parent (the joining step, or the fanout: one hop less; src/worker/next-layer.ts)
    const layer = n.fanoutSteps ?? n.joins;
    if (layer && chain && chain.queueName !== 'fanout') {
      chain.data = { ...chain.data, next: { steps: layer, stepOptions: retryOptions(layer, queues) } };
    }
    // nothing below runs (a resume from the layer): the joined layer is in the tree
    const children = chain ? [chain] : n.joins ? n.joins.map(stepJob) : undefined;
    const node = runFlowJob(run, n.queue, n.name, queues[n.queue]);
    const data = n.fanoutSteps ? { ...node.data, steps: n.fanoutSteps, phase: 'start', stepOptions: retryOptions(n.fanoutSteps, queues) } : node.data;
    chain = { ...node, data, ...(children ? { children } : {}) };
  }
  return chain ?? null;
}

/**
 * Every BullMQ job a run can have, root first (the order to remove a run top-down): the chain
 * nodes of a full run from finalize down, each fanout followed by the steps it adds. A run whose
 * layer is joined by finalize has no fanout job (looked up, it is missing); runs opened before
 * layers were joined do, and removing them must find it.
 */
export function runBullJobs(analysisJobId: string, runNo: number): { queue: QueueName; jobId: string }[] {
  const out: { queue: QueueName; jobId: string }[] = [];
  for (const n of planNodes(STEPS, true).reverse()) {
    out.push({ queue: n.queue, jobId: bullJobId(analysisJobId, runNo, n.name) });
    for (const s of n.fanoutSteps ?? []) out.push({ queue: s, jobId: bullJobId(analysisJobId, runNo, s) });
  }
  return out;
}
