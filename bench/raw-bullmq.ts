import { FlowProducer, Worker, type FlowJob } from 'bullmq';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { createRedisConnection } from '../src/queues/connection.js';
import { removeQueues } from './lib/redis-keys.js';

export const RAW_QUEUES = ['raw1', 'raw2', 'raw3', 'raw4', 'raw5', 'raw6'] as const;

export interface RawBullmqOptions {
  redisUrl: string;
  flows: number;
  /** Worker concurrency per queue (the anchor uses 20). */
  concurrency?: number;
}

/**
 * The anchor: the pipeline's flow shape in plain BullMQ (six jobs, each the child of the next,
 * so they run one after another), no-op processors, one worker per queue at concurrency 20,
 * the same job options as the pipeline, on the same Redis under a private prefix. All flows
 * are added at once; returns completed flows per second.
 */
export async function rawBullmqFlowsPerSecond(opts: RawBullmqOptions): Promise<number> {
  const raw = await openRawFlows(opts);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: opts.flows }, (_, i) => raw.add(i)));
  const seconds = (performance.now() - t0) / 1000;
  await raw.close();
  return opts.flows / seconds;
}

/**
 * The anchor's latency: the same six-job flows, one at a time (each added when the one before
 * has completed), after `warmUp` untimed ones; returns each flow's time from add to the
 * completion of its last job (ms), as the pipeline's sequential latency is measured.
 */
export async function rawBullmqSequentialMs(opts: RawBullmqOptions & { warmUp?: number }): Promise<number[]> {
  const raw = await openRawFlows(opts);
  for (let i = 0; i < (opts.warmUp ?? 3); i++) await raw.add(i);
  const ms: number[] = [];
  for (let i = 0; i < opts.flows; i++) {
    const t0 = performance.now();
    await raw.add(1_000_000 + i);
    ms.push(performance.now() - t0);
  }
  await raw.close();
  return ms;
}

/** Workers of the six queues and a producer; `add(i)` resolves when flow i's last job completed. */
async function openRawFlows(opts: RawBullmqOptions) {
  const prefix = `{iflowbench${randomBytes(4).toString('hex')}}`;
  const connection = createRedisConnection(opts.redisUrl);
  const producer = new FlowProducer({ connection, prefix });
  const waiters = new Map<number, () => void>();
  const workers = RAW_QUEUES.map((name) => {
    const w = new Worker(name, async () => null, { connection, prefix, concurrency: opts.concurrency ?? 20 });
    w.on('error', () => {});
    if (name === 'raw6') w.on('completed', (job) => { const i = (job.data as { i: number }).i; waiters.get(i)?.(); waiters.delete(i); });
    return w;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const jobOpts = { removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 }, removeOnFail: false, attempts: 3 };
  const flow = (i: number): FlowJob => {
    let node: FlowJob | undefined;
    for (const name of RAW_QUEUES) {
      node = { name, queueName: name, data: { i }, opts: { ...jobOpts, jobId: `f${i}.${name}` }, ...(node ? { children: [node] } : {}) };
    }
    return node!;
  };
  return {
    async add(i: number): Promise<void> {
      const done = new Promise<void>((r) => waiters.set(i, r));
      await producer.add(flow(i));
      await done;
    },
    async close(): Promise<void> {
      await Promise.all(workers.map((w) => w.close()));
      await producer.close();
      await removeQueues(connection, prefix);
      await connection.quit();
    },
  };
}
