import { z } from 'zod';
import type { QueueSettings } from './queue-settings.js';

/** Defaults of a step whose work is LLM calls: a few at once, retried with jittered backoff. */
const LLM_STEP: QueueSettings = {
  concurrency: 4,
  attempts: 4,
  backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
  lockDurationMs: 60_000,
  timeoutMs: 10 * 60_000,
};

/**
 * THE STEP TABLE: every per-interview analysis step, its direct prerequisites (`after`) and its
 * queue's defaults. Rows are in dependency order (a row may only name earlier rows; checked
 * below). Everything else derives from it: the step names and types, the queue names
 * (src/queues/names.ts), the flow tree with its fanout (src/flows/plan.ts), the resume planner,
 * and, checked by test/store/step-table.test.ts, the SQL table `iflow_steps`. A step's body is
 * its processor (src/processors/<step>.ts, registered in src/processors/index.ts, whose type
 * demands one per row) and it commits through the SQL function `commit_<step>`.
 */
export const STEP_TABLE = [
  // media download + transcription can take minutes: longer lock and deadline, few at once
  {
    name: 'transcribe', after: [],
    queue: { concurrency: 2, attempts: 3, backoff: { type: 'exponential', delay: 5_000, jitter: 0.3 }, lockDurationMs: 120_000, timeoutMs: 60 * 60_000 },
  },
  { name: 'evidence', after: ['transcribe'], queue: LLM_STEP },
  { name: 'insights', after: ['evidence'], queue: LLM_STEP },
  { name: 'personas', after: ['evidence'], queue: LLM_STEP },
  { name: 'answers', after: ['evidence'], queue: LLM_STEP },
  {
    name: 'finalize', after: ['insights', 'personas', 'answers'],
    queue: { concurrency: 10, attempts: 3, backoff: { type: 'exponential', delay: 1_000 }, lockDurationMs: 30_000, timeoutMs: 60_000 },
  },
] as const satisfies readonly { name: string; after: readonly string[]; queue: QueueSettings }[];

export type StepName = (typeof STEP_TABLE)[number]['name'];
type StepRow = { name: StepName; after: readonly StepName[]; queue: QueueSettings };
const ROWS: readonly StepRow[] = STEP_TABLE;

/** Step names in dependency order. */
export const STEPS = ROWS.map((r) => r.name) as [StepName, ...StepName[]];
export const StepName = z.enum(STEPS);

export function isStepName(s: string): s is StepName {
  return (STEPS as readonly string[]).includes(s);
}

/** Direct prerequisites of each step. */
export const STEP_DEPENDENCIES = Object.fromEntries(ROWS.map((r) => [r.name, r.after])) as Record<StepName, readonly StepName[]>;

/** Queue defaults of each step. */
export const STEP_QUEUE_DEFAULTS = Object.fromEntries(ROWS.map((r) => [r.name, r.queue])) as Record<StepName, QueueSettings>;

// a row naming a later (or unknown) step would make the order, the layers and SQL disagree
ROWS.forEach((row, i) => {
  const bad = row.after.filter((d) => !STEPS.slice(0, i).includes(d));
  if (bad.length) throw new Error(`step table: ${row.name} depends on ${bad.join(', ')}, which is not an earlier row`);
});

/**
 * The steps grouped in layers: a step's layer is one more than its deepest prerequisite's, so
 * the steps of one layer never depend on each other and run in parallel (as children of the step
 * that joins them, finalize, or of a fanout where no step can), and each layer runs after the one before.
 */
export const STEP_LAYERS: StepName[][] = (() => {
  const depth = new Map<StepName, number>();
  for (const r of ROWS) depth.set(r.name, Math.max(-1, ...r.after.map((d) => depth.get(d)!)) + 1);
  const layers: StepName[][] = [];
  for (const r of ROWS) (layers[depth.get(r.name)!] ??= []).push(r.name);
  return layers;
})();

/** Every step that (transitively) depends on `step`, including itself. */
export function stepAndDependents(step: StepName): StepName[] {
  const out = new Set<StepName>([step]);
  // rows are in dependency order, so one pass sees every prerequisite before its dependents
  for (const r of ROWS) if (r.after.some((d) => out.has(d))) out.add(r.name);
  return STEPS.filter((s) => out.has(s));
}

/**
 * One parallel layer to start: its steps and their attempts and backoff, fixed by the process
 * that opened the run (as for every other node of the tree), so the worker that adds them
 * cannot apply its own environment's.
 */
export const LayerStart = z.object({
  steps: z.array(StepName).min(1),
  stepOptions: z.partialRecord(StepName, z.object({
    attempts: z.number().int().positive(),
    backoff: z.object({ type: z.enum(['exponential', 'fixed']), delay: z.number().int().min(0), jitter: z.number().optional() }),
  })).optional(),
});
export type LayerStart = z.infer<typeof LayerStart>;

/** Data carried by every step's BullMQ job: which analysis job, which run. */
export const StepJobData = z.object({
  analysisJobId: z.uuid(),
  interviewId: z.uuid(),
  runNo: z.number().int().positive(),
  /** The interview's title, for job names and logs (Bull Board); absent in older jobs. */
  title: z.string().optional(),
  /**
   * Set on the step right below a parallel layer (today evidence): the layer its parent (the step
   * that joins the layer, finalize, or a fanout) waits for. The step's worker adds it as that
   * parent's children once the step has committed, so the layer starts without another hop
   * (src/worker/next-layer.ts).
   */
  next: LayerStart.optional(),
});
export type StepJobData = z.infer<typeof StepJobData>;

/**
 * The fanout BullMQ job: adds one layer's steps as its children (unless the step below it has
 * already added them), then waits for them.
 */
export const FanoutJobData = StepJobData.omit({ next: true }).extend({
  ...LayerStart.shape,
  phase: z.enum(['start', 'wait']).default('start'),
});
export type FanoutJobData = z.infer<typeof FanoutJobData>;
