/**
 * Deterministic BullMQ job ids (a BullMQ "job" is one step of one run; the analysis job is the
 * analysis_jobs row the run belongs to): `<analysisJobId>.r<run>.<step or fanout>`. BullMQ forbids
 * ':' and all-digit ids; determinism makes re-adding a node after a crash harmless.
 */
export function bullJobId(analysisJobId: string, runNo: number, node: string): string {
  return `${analysisJobId}.r${runNo}.${node}`;
}
