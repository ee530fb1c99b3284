import { z } from 'zod';

/** The six analysis steps, in dependency order. */
export const STEPS = ['transcribe', 'evidence', 'insights', 'personas', 'answers', 'finalize'] as const;
export const StepName = z.enum(STEPS);
export type StepName = z.infer<typeof StepName>;

/** Steps that run in parallel under the fanout job. */
export const PARALLEL_STEPS = ['insights', 'personas', 'answers'] as const satisfies readonly StepName[];
export type ParallelStep = (typeof PARALLEL_STEPS)[number];

/** Direct prerequisites of each step (the DAG of DESIGN.md section 1). */
export const STEP_DEPENDENCIES: Record<StepName, readonly StepName[]> = {
  transcribe: [],
  evidence: ['transcribe'],
  insights: ['evidence'],
  personas: ['evidence'],
  answers: ['evidence'],
  finalize: ['insights', 'personas', 'answers'],
};

/** Every step that (transitively) depends on `step`, including itself. */
export function stepAndDependents(step: StepName): StepName[] {
  const out = new Set<StepName>([step]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of STEPS) {
      if (!out.has(s) && STEP_DEPENDENCIES[s].some((d) => out.has(d))) {
        out.add(s);
        grew = true;
      }
    }
  }
  return STEPS.filter((s) => out.has(s));
}

/** Data carried by every step job: which analysis job, which run. */
export const StepJobData = z.object({
  analysisJobId: z.uuid(),
  interviewId: z.uuid(),
  runNo: z.number().int().positive(),
});
export type StepJobData = z.infer<typeof StepJobData>;

export const FanoutJobData = StepJobData.extend({
  steps: z.array(z.enum(PARALLEL_STEPS)),
  phase: z.enum(['start', 'wait']).default('start'),
});
export type FanoutJobData = z.infer<typeof FanoutJobData>;
