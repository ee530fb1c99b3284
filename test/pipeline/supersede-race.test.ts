import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { startRun } from '../../src/flows/start-run.js';
import { runBullJobs } from '../../src/flows/plan.js';
import { StaleRunError } from '../../src/domain/run-errors.js';

/**
 * Concurrent superseding resumes (issue #9): each opens a run and clears the earlier runs' jobs,
 * but a resume whose flow is added after a later resume's cleanup used to leave that superseded
 * flow in Redis. Whatever the interleaving, only the current run's jobs may remain.
 */
describe('concurrent superseding resumes', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness({ workers: false }); });
  afterAll(async () => { await h?.close(); });

  it('leave only the current run\'s flow in Redis', async () => {
    const deps = { store: h.rt.store, queues: h.rt.queues, queueConfig: h.rt.config.queues };
    for (let round = 0; round < 3; round++) {
      const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: 'AI: What tools?\n\nUser: Figma, mostly, and it is slow.' });
      expect(created.status).toBe(202);
      const id: string = created.body.analysisJobId;
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => startRun(deps, id, { supersede: true, resumeFrom: 'transcribe' })));
      // a resume overtaken by a later one may say so (stale run); nothing else may go wrong
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StaleRunError);
      const current = (await h.rt.store.getAnalysisJob(id))!.currentRun;
      expect(current).toBe(9);
      const stale: string[] = [];
      for (let run = 1; run < current; run++) {
        for (const { queue, jobId } of runBullJobs(id, run)) {
          if (await h.rt.queues.get(queue).getJob(jobId)) stale.push(`${queue}:${jobId}`);
        }
      }
      expect(stale).toEqual([]);
      const live = await Promise.all(runBullJobs(id, current).map(({ queue, jobId }) => h.rt.queues.get(queue).getJob(jobId)));
      expect(live.filter(Boolean).length).toBeGreaterThan(0);
    }
  });
});
