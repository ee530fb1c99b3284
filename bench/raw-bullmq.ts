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
  const prefix = `{iflowbench${randomBytes(4).toString('hex')}}`;
  const connection = createRedisConnection(opts.redisUrl);
  const producer = new FlowProducer({ connection, prefix });
  let done = 0;
  let resolveAll!: () => void;
  const allDone = new Promise<void>((r) => { resolveAll = r; });
  const workers = RAW_QUEUES.map((name) => {
    const w = new Worker(name, async () => null, { connection, prefix, concurrency: opts.concurrency ?? 20 });
    w.on('error', () => {});
    if (name === 'raw6') w.on('completed', () => { if (++done === opts.flows) resolveAll(); });
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
  const t0 = performance.now();
  await Promise.all(Array.from({ length: opts.flows }, (_, i) => producer.add(flow(i))));
  await allDone;
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(workers.map((w) => w.close()));
  await producer.close();
  await removeQueues(connection, prefix);
  await connection.quit();
  return opts.flows / seconds;
}
