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
 * process. Peak RSS is the child's VmHWM (the kernel's high-water mark), read until it exits.
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
  const sample = async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    if (kb * 1024 > peak) peak = kb * 1024;
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
