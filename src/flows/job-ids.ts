import type { QueueName } from '../queues/names.js';

/**
 * Deterministic BullMQ job ids: `<analysisJobId>.r<run>.<step>`. BullMQ forbids ':' and
 * all-digit ids; determinism makes re-adding a node after a crash harmless.
 */
export function stepJobId(analysisJobId: string, runNo: number, step: QueueName): string {
  return `${analysisJobId}.r${runNo}.${step}`;
}

