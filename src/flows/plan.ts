import type { FlowJob } from 'bullmq';
import { PARALLEL_STEPS, STEPS, stepAndDependents, type ParallelStep, type StepName } from '../domain/steps.js';
import type { QueueConfig } from '../config/index.js';
import type { QueueName } from '../queues/names.js';
import { bullJobId } from './bull-job-ids.js';

/** Steps a run must execute: those not complete, plus `resumeFrom` and everything after it. */
export function stepsToRun(completed: readonly StepName[], resumeFrom?: StepName): StepName[] {
  const forced = resumeFrom ? new Set(stepAndDependents(resumeFrom)) : new Set<StepName>();
  return STEPS.filter((s) => forced.has(s) || !completed.includes(s));
}

export interface RunIdentity {
  analysisJobId: string;
  interviewId: string;
  runNo: number;
}

/**
 * The flow tree of DESIGN.md section 2, keeping only the steps to run:
 *   finalize <- fanout(insights, personas, answers) <- evidence <- transcribe
 * A parent runs after its children, so each node is the child of the step that needs it.
 * Steps already complete are left out and their dependents start from the store.
 */
export function buildFlowTree(run: RunIdentity, steps: readonly StepName[], queues: QueueConfig): FlowJob | null {
  const data = { analysisJobId: run.analysisJobId, interviewId: run.interviewId, runNo: run.runNo };
  const node = (name: QueueName, extra: object, children: FlowJob[]): FlowJob => {
    const q = queues[name];
    return {
      name,
      queueName: name,
      data: { ...data, ...extra },
      opts: {
        jobId: bullJobId(run.analysisJobId, run.runNo, name),
        attempts: q.attempts,
        backoff: q.backoff,
        // keep failed jobs: a failed child holds its parent in waiting-children, which is what
        // lets Bull Board's Retry continue the flow (removeOnFail would release the parent)
        removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
        removeOnFail: false,
      },
      ...(children.length ? { children } : {}),
    };
  };

  let chain: FlowJob[] = [];
  for (const step of ['transcribe', 'evidence'] as const) {
    if (steps.includes(step)) chain = [node(step, {}, chain)];
  }
  const parallel = PARALLEL_STEPS.filter((s): s is ParallelStep => steps.includes(s));
  if (parallel.length) chain = [node('fanout', { steps: parallel, phase: 'start' }, chain)];
  if (steps.includes('finalize')) chain = [node('finalize', {}, chain)];
  return chain[0] ?? null;
}
