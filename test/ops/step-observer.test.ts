import { afterAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { createRedisConnection } from '../../src/queues/connection.js';
import { createStepObserver, STARTED_LINE_DELAY_MS } from '../../src/ops/step-observer.js';
import { silentLogger } from '../../src/ops/logger.js';
import { testQueuePrefix } from '../support/db.js';

/** The step's key lines in job.log (Bull Board's Logs tab), on the real Redis. */
describe('step observer: job.log lines', () => {
  const connection = createRedisConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const queue = new Queue('evidence', { connection, prefix: testQueuePrefix() });
  const observer = createStepObserver(silentLogger, undefined);
  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    await connection.quit();
  });
  const logsOf = async (id: string) => {
    // job.log is best effort and not awaited by the observer: wait for the write
    for (let i = 0; i < 50; i++) {
      const { logs } = await queue.getJobLogs(id);
      if (logs.some((l) => l.includes('committed'))) return logs;
      await new Promise((r) => setTimeout(r, 20));
    }
    return (await queue.getJobLogs(id)).logs;
  };

  it('a step that commits within the delay writes started and committed as ONE entry (one Redis call)', async () => {
    const job = await queue.add('evidence', { analysisJobId: 'a', runNo: 1 });
    observer.started(job, 'evidence');
    observer.log(job, 'info', 'evidence committed', { result: 'stored 3' });
    observer.finished(job, 'evidence', 'completed', 5);
    const logs = await logsOf(job.id!);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/info evidence started · .* info evidence committed: stored 3$/);
  });

  it('a longer step shows its started line on its own as soon as the delay has passed', async () => {
    const job = await queue.add('evidence', { analysisJobId: 'b', runNo: 1 });
    observer.started(job, 'evidence');
    await new Promise((r) => setTimeout(r, STARTED_LINE_DELAY_MS + 200));
    expect((await queue.getJobLogs(job.id!)).logs).toEqual([expect.stringMatching(/info evidence started$/)]);
    observer.log(job, 'info', 'evidence committed', { result: 'stored 3' });
    observer.finished(job, 'evidence', 'completed', 1500);
    const logs = await logsOf(job.id!);
    expect(logs).toHaveLength(2);
    expect(logs[1]).toMatch(/info evidence committed: stored 3$/);
  });
});
