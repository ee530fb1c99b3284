import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './private-redis.js';
import { reapOnExit } from './reap-children.js';

const run = promisify(execFile);

/**
 * A Redis Cluster of the test's own: 3 masters and 3 replicas (Debian's redis-server and
 * redis-cli --cluster create) on free ports in a temporary directory, without persistence, with
 * a short node timeout so a killed master is replaced by its replica within seconds.
 */
export interface LocalRedisCluster {
  ports: number[];
  /** Seed URLs for REDIS_CLUSTER_NODES. */
  nodes: string[];
  /** The port of the master serving `key`'s slot. */
  masterOf(key: string): Promise<number>;
  /** SIGKILL the server on `port` (it stays down). */
  kill(port: number): Promise<void>;
  /** Waits until every surviving node says the cluster is ok and `key`'s slot has a live master other than `formerPort`. */
  waitForFailover(key: string, formerPort: number, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

/** Short, so a failover takes seconds; not shorter, so a loaded machine's slow pings are not taken for a failure. */
export const CLUSTER_NODE_TIMEOUT_MS = 2_000;

export async function startRedisCluster(): Promise<LocalRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'iflow-cluster-'));
  const ports: number[] = [];
  // freePort releases the port before redis-server binds it: a few distinct ones in a row
  while (ports.length < 6) {
    const p = await freePort();
    // the cluster bus listens on port + 10000
    if (!ports.includes(p) && p + 10_000 < 65_536) ports.push(p);
  }
  const children = new Map<number, ChildProcess>();
  for (const port of ports) {
    const nodeDir = join(dir, String(port));
    mkdirSync(nodeDir);
    children.set(port, reapOnExit(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', nodeDir,
      '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(CLUSTER_NODE_TIMEOUT_MS),
      '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', '--repl-diskless-sync-delay', '0'],
      { stdio: 'ignore' })));
  }
  const client = (port: number) => {
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => {});
    return r;
  };
  const ask = async <T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> => {
    const r = client(port);
    try {
      await r.connect();
      return await fn(r);
    } finally {
      r.disconnect();
    }
  };
  const alive = (port: number) => {
    const c = children.get(port)!;
    return c.exitCode === null && c.signalCode === null;
  };
  const stopAll = async () => {
    await Promise.all([...children.values()].filter((c) => c.exitCode === null && c.signalCode === null).map((c) => {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      return exited;
    }));
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    for (const port of ports) await waitUntil(() => ask(port, (r) => r.ping()).then(() => true, () => false), 10_000, `redis-server on ${port}`);
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes'], { timeout: 30_000 });
    await waitUntil(async () => {
      for (const port of ports) {
        if (!(await ask(port, (r) => r.cluster('INFO')).then((i) => String(i).includes('cluster_state:ok'), () => false))) return false;
      }
      return true;
    }, 30_000, 'cluster_state:ok on every node');
    // a replica that never finished its first sync cannot be elected: a master killed before
    // then would stay down (Redis refuses to fail over to a replica without its data)
    await waitUntil(async () => {
      for (const port of ports) {
        const info = String(await ask(port, (r) => r.info('replication')).catch(() => ''));
        if (info.includes('role:slave') && !info.includes('master_link_status:up')) return false;
      }
      return true;
    }, 30_000, 'every replica in sync with its master');
  } catch (err) {
    await stopAll();
    throw err;
  }

  const masterOf = async (key: string, via = ports.find(alive)!): Promise<number> => {
    return ask(via, async (r) => {
      const slot = Number(await r.cluster('KEYSLOT', key));
      const nodes = String(await r.call('CLUSTER', 'NODES'));
      for (const line of nodes.trim().split('\n')) {
        const [, addr, flags, , , , , state, ...slots] = line.split(' ');
        if (!flags!.split(',').includes('master') || flags!.includes('fail') || state !== 'connected') continue;
        for (const range of slots) {
          const [lo, hi = lo] = range.split('-').map(Number);
          if (slot >= lo! && slot <= hi!) return Number(addr!.split(':')[1]!.split('@')[0]);
        }
      }
      throw new Error(`no live master serves slot ${slot}`);
    });
  };

  return {
    ports,
    nodes: ports.slice(0, 3).map((p) => `redis://127.0.0.1:${p}`),
    masterOf: (key) => masterOf(key),
    async kill(port) {
      const c = children.get(port)!;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
    async waitForFailover(key, formerPort, timeoutMs = 40_000) {
      let master = formerPort;
      try {
        await waitUntil(async () => {
          for (const port of ports.filter(alive)) {
            if (!(await ask(port, (r) => r.cluster('INFO')).then((i) => String(i).includes('cluster_state:ok'), () => false))) return false;
          }
          master = await masterOf(key).catch(() => formerPort);
          return master !== formerPort && alive(master);
        }, timeoutMs, `a replica to take over from ${formerPort}`);
      } catch (err) {
        // what the cluster looked like, for whoever reads the failure
        const view = await ask(ports.find(alive)!, (r) => r.call('CLUSTER', 'NODES')).catch((e: Error) => e.message);
        throw new Error(`${(err as Error).message}; CLUSTER NODES:\n${String(view)}`);
      }
      return master;
    },
    stop: stopAll,
  };
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
