import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, Worker, type Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createRedisConnection } from '../../src/queues/connection.js';
import { pendingSynthesis, scheduleSynthesis, synthesisDedupId } from '../../src/flows/schedule-synthesis.js';
import { QUEUE_DEFAULTS } from '../../src/queues/names.js';
import { testQueuePrefix } from '../support/db.js';

/**
 * The BullMQ deduplication facts the synthesize queue relies on (bullmq 6.7), checked on the real
 * Redis: `reschedule` moves a delayed job's delay instead of adding another (debounce), and
 * `keepLastIfActive` keeps exactly one more job while one is active.
 */
describe('synthesize scheduling: BullMQ deduplication', () => {
  const connection = createRedisConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = testQueuePrefix();
  let queue: Queue;
  const settings = QUEUE_DEFAULTS.synthesize;

  beforeAll(() => { queue = new Queue('synthesize', { connection, prefix }); });
  /** When a delayed job is due: its score in the delayed set is (due ms) * 4096 + a counter. */
  const dueAt = async (id: string) => Math.floor(Number(await connection.zscore(`${prefix}:synthesize:delayed`, id)) / 4096);
  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    await connection.quit();
  });

  it('reschedule: 20 completions within the window leave ONE delayed job, its delay moved to the last', async () => {
    const projectId = randomUUID();
    const ids = new Set<string | undefined>();
    let last = 0;
    for (let i = 0; i < 20; i++) {
      last = Date.now();
      ids.add((await scheduleSynthesis(queue, { projectId, projectName: 'P' }, 'interview', { debounceMs: 1_000, maxWaitMs: 60_000, settings })).jobId);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(ids.size).toBe(1);
    expect(await queue.getDelayedCount()).toBe(1);
    const job = (await queue.getJob([...ids][0]!))!;
    // delayed until ~1 s after the LAST schedule, not the first (the delayed set's score is the due time)
    expect(await dueAt(job.id!)).toBeGreaterThanOrEqual(last + 1_000 - 50);
    expect(await queue.getDeduplicationJobId(synthesisDedupId(projectId))).toBe(job.id);
    await job.remove();
    await queue.removeDeduplicationKey(synthesisDedupId(projectId));
  });

  it('max wait: a pending synthesis first scheduled long enough ago is no longer postponed', async () => {
    const projectId = randomUUID();
    const first = await scheduleSynthesis(queue, { projectId, projectName: 'P' }, 'interview', { debounceMs: 5_000, maxWaitMs: 200, settings });
    const due = await dueAt(first.jobId!);
    await new Promise((r) => setTimeout(r, 300));
    await scheduleSynthesis(queue, { projectId, projectName: 'P' }, 'interview', { debounceMs: 5_000, maxWaitMs: 200, settings });
    expect(await dueAt(first.jobId!)).toBe(due);
    // a manual request moves it to now
    const asked = Date.now();
    await scheduleSynthesis(queue, { projectId, projectName: 'P' }, 'manual', { debounceMs: 5_000, maxWaitMs: 200, settings });
    expect(await dueAt(first.jobId!)).toBeLessThanOrEqual(asked + 50);
    expect(await queue.count()).toBe(1);
    await queue.obliterate({ force: true });
  });

  it('a pending synthesis read beforehand (as the finalize worker does while finalize runs) decides the same way', async () => {
    const projectId = randomUUID();
    const first = await scheduleSynthesis(queue, { projectId, projectName: 'P' }, 'interview', { debounceMs: 5_000, maxWaitMs: 200, settings });
    const due = await dueAt(first.jobId!);
    const fresh = await pendingSynthesis(queue, projectId);
    expect(fresh.firstScheduledAt).toBeGreaterThan(0);
    // read while young: postponed
    await new Promise((r) => setTimeout(r, 50));
    await scheduleSynthesis(queue, { projectId, projectName: 'P' }, 'interview', { debounceMs: 5_000, maxWaitMs: 200, settings, pending: fresh });
    const postponed = await dueAt(first.jobId!);
    expect(postponed).toBeGreaterThan(due);
    // read once past the longest wait: left where it is
    await new Promise((r) => setTimeout(r, 250));
    const old = await pendingSynthesis(queue, projectId);
    await scheduleSynthesis(queue, { projectId, projectName: 'P' }, 'interview', { debounceMs: 5_000, maxWaitMs: 200, settings, pending: old });
    expect(await dueAt(first.jobId!)).toBe(postponed);
    expect(await pendingSynthesis(queue, randomUUID())).toEqual({ firstScheduledAt: undefined });
    await queue.obliterate({ force: true });
  });

  it('keepLastIfActive: completions while one runs give exactly one more run, never two at once', async () => {
    const projectId = randomUUID();
    const started: number[] = [];
    let active = 0;
    let maxActive = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const worker = new Worker('synthesize', async (job: Job) => {
      active++;
      maxActive = Math.max(maxActive, active);
      started.push(Date.now());
      if (started.length === 1) await gate;
      active--;
      return job.id;
    }, { connection: createRedisConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), prefix, concurrency: 4 });
    try {
      await scheduleSynthesis(queue, { projectId, projectName: 'P' }, 'manual', { debounceMs: 0, maxWaitMs: 60_000, settings });
      const deadline = Date.now() + 10_000;
      while (started.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(started.length).toBe(1);
      // ten completions while the first synthesis runs
      for (let i = 0; i < 10; i++) await scheduleSynthesis(queue, { projectId, projectName: 'P' }, 'interview', { debounceMs: 0, maxWaitMs: 60_000, settings });
      await new Promise((r) => setTimeout(r, 300));
      expect(started.length).toBe(1); // nothing ran beside it
      release();
      const until = Date.now() + 10_000;
      while (started.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 500));
      expect(started.length).toBe(2);
      expect(maxActive).toBe(1);
    } finally {
      release();
      await worker.close();
    }
  });
});
