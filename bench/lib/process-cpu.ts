import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICK = Number(execFileSync('getconf', ['CLK_TCK']).toString());

/** CPU seconds (user + system) so far of every process whose command line matches, from /proc (Linux). */
export function cpuSecondsOf(match: RegExp): number {
  let total = 0;
  for (const line of execFileSync('ps', ['-eo', 'pid=,args=']).toString().split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!m || !match.test(m[2]!)) continue;
    try {
      const f = readFileSync(`/proc/${m[1]}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(f[11]) + Number(f[12])) / TICK;
    } catch { /* exited meanwhile */ }
  }
  return total;
}

export interface CpuSplit {
  /** This process (all its threads): the workers, the submissions, the bench itself. */
  node: number;
  /** The Postgres backends serving this run's database (named in their process title). */
  postgres: number;
  /** redis-server: shared with every other user of the server, so an upper bound. */
  redis: number;
}

/**
 * CPU seconds spent by each side while `fn` runs. The /proc reads (a `ps` each) happen before
 * and after `fn`, outside whatever `fn` times itself.
 */
export async function measureCpu<T>(dbName: string, fn: () => Promise<T>): Promise<{ result: T; cpu: CpuSplit }> {
  const pg = new RegExp(`^postgres: .* ${dbName} `);
  const others = () => ({ postgres: cpuSecondsOf(pg), redis: cpuSecondsOf(/redis-server/) });
  const before = { ...others(), self: process.cpuUsage() };
  const result = await fn();
  const self = process.cpuUsage(before.self);
  const after = others();
  return { result, cpu: { node: (self.user + self.system) / 1e6, postgres: after.postgres - before.postgres, redis: after.redis - before.redis } };
}
