import { STEPS, STEP_QUEUE_DEFAULTS, type StepName } from '../domain/steps.js';
import type { QueueSettings } from '../domain/queue-settings.js';
import { NON_STEP_QUEUE_DEFAULTS, type NonStepQueueName } from './defaults.js';

/** One queue per step (from the step table), then the non-step queues (src/queues/defaults.ts). */
export type QueueName = StepName | NonStepQueueName;
export const QUEUE_NAMES: readonly QueueName[] = [...STEPS, ...(Object.keys(NON_STEP_QUEUE_DEFAULTS) as NonStepQueueName[])];

export function isQueueName(s: string): s is QueueName {
  return (QUEUE_NAMES as readonly string[]).includes(s);
}

/** Defaults of every queue: the step table's, then the non-step queues'. */
export const QUEUE_DEFAULTS: Record<QueueName, QueueSettings> = { ...STEP_QUEUE_DEFAULTS, ...NON_STEP_QUEUE_DEFAULTS };
