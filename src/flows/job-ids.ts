import type { QueueName } from '../queues/names.js';

/**
 * Deterministic BullMQ job ids: `<analysisJobId>.r<run>.<step>`. BullMQ forbids ':' and
 * all-digit ids; determinism makes re-adding a node after a crash harmless.
 */
export function stepJobId(analysisJobId: string, runNo: number, step: QueueName): string {
  return `${analysisJobId}.r${runNo}.${step}`;
}

export function parseStepJobId(id: string): { analysisJobId: string; runNo: number; step: string } | null {
  const m = /^([0-9a-f-]{36})\.r(\d+)\.([a-z]+)$/.exec(id);
  return m ? { analysisJobId: m[1]!, runNo: Number(m[2]), step: m[3]! } : null;
}
