import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createRedisConnection } from '../src/queues/connection.js';
import { removeQueues } from './lib/redis-keys.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface QuickStartResult { peakRssBytes: number; seconds: number; exitCode: number | null }

/**
 * The README's quick start as a user runs it: `interview-flow process examples/` from the built
 * CLI (dist/) on a fresh embedded database (PGlite under a temporary DATA_DIR), in a child
 * process. Peak RSS is the larger of the child's VmHWM (the kernel's high-water mark) and the
 * sampled resident memory of the child with its own children, read every 20 ms until it exits.
 */
export async function quickStartPeakRss(redisUrl: string): Promise<QuickStartResult> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'iflow-bench-qs-'));
  const prefix = `{iflowbench${randomBytes(4).toString('hex')}}`;
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dataDir, REDIS_URL: redisUrl, DATA_DIR: dataDir, QUEUE_PREFIX: prefix };
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/interview-flow.js'), 'process', path.join(ROOT, 'examples')], { cwd: dataDir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  let peak = 0;
  // the process's own high-water mark, and the sampled sum over it and its children (the
  // embedded database is created by a short-lived child process)
  const sample = async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const hwm = 1024 * Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    const tree = await treeRss(child.pid!);
    peak = Math.max(peak, hwm, tree);
  };
  const timer = setInterval(() => { void sample(); }, 20);
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  clearInterval(timer);
  const seconds = (performance.now() - t0) / 1000;
  await rm(dataDir, { recursive: true, force: true });
  const redis = createRedisConnection(redisUrl);
  await removeQueues(redis, prefix);
  await redis.quit();
  if (exitCode !== 0) console.error(`quick start exited ${exitCode}:\n${stderr.slice(-2000)}`);
  return { peakRssBytes: peak, seconds, exitCode };
}

/** Resident memory of a process and all its descendants now (bytes; 0 once gone). */
async function treeRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  let total = 1024 * Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  for (const c of children.split(/\s+/).filter(Boolean)) total += await treeRss(Number(c));
  return total;
}
