/**
 * Reading worker processes' JSON logs (LOG_FORMAT=json, LOG_LEVEL=info): the step runner logs
 * "<step> started" once the database recorded the attempt, just before the step's body (the
 * analyzer call) runs, and "<step> committed" once its output is stored. Fault tests use them to
 * count how often a step's body ran, and what a process had in hand when it was cut off.
 */
/** A worker's JSON log lines about steps: "<step> started" / "<step> committed", keyed by job and step. */
export function stepEvents(output: string): { key: string; event: 'started' | 'committed' }[] {
  const out: { key: string; event: 'started' | 'committed' }[] = [];
  for (const line of output.split('\n')) {
    let rec: { msg?: string; analysisJobId?: string; step?: string };
    try { rec = JSON.parse(line); } catch { continue; }
    if (!rec.analysisJobId || !rec.step) continue;
    const key = `${rec.analysisJobId} ${rec.step}`;
    if (rec.msg === `${rec.step} started`) out.push({ key, event: 'started' });
    if (rec.msg === `${rec.step} committed`) out.push({ key, event: 'committed' });
  }
  return out;
}

export function startedSteps(output: string): string[] {
  return stepEvents(output).filter((e) => e.event === 'started').map((e) => e.key);
}

/** Steps a worker's log shows started and not committed: what a SIGKILL now interrupts. */
export function interruptedSteps(output: string): string[] {
  const open = new Map<string, number>();
  for (const e of stepEvents(output)) open.set(e.key, (open.get(e.key) ?? 0) + (e.event === 'started' ? 1 : -1));
  return [...open].filter(([, n]) => n > 0).map(([k]) => k);
}
