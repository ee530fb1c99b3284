import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createHarness, http, type Harness } from '../support/harness.js';
import { exitCode, spawnCli } from '../support/spawn-cli.js';
import { bullJobId } from '../../src/flows/bull-job-ids.js';
import { integrity, interviewTexts } from './support/integrity.js';

/**
 * SHUTDOWN_TIMEOUT_MS is honoured: a worker whose step outlasts it aborts the step through its
 * AbortSignal, hands the job back without using an attempt, and exits; another worker runs it.
 */
describe('SIGTERM with a shutdown timeout', () => {
  let h: Harness;
  const children: ChildProcess[] = [];
  beforeAll(async () => { h = await createHarness({ workers: false }); });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await h?.close();
  });

  it('aborts a step that outlasts the timeout, exits 0, and the step is retried elsewhere without using an attempt', async () => {
    // a 60 s evidence step: far longer than the 1.5 s the operator allows for shutdown
    const slow = spawnCli(['worker'], { ...h.env, LOCAL_ANALYZER_DELAY_MS: '60000', SHUTDOWN_TIMEOUT_MS: '1500' });
    children.push(slow);
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: interviewTexts()[0] });
    const id = created.body.analysisJobId;
    await h.waitForJob(id, (j) => j.currentStep === 'evidence' && j.status === 'running', 60_000);

    const t0 = Date.now();
    slow.kill('SIGTERM');
    expect(await exitCode(slow)).toBe(0);
    const exitedAfterMs = Date.now() - t0;
    // left well before the step could have finished (the 60 s delay), i.e. it did not wait
    expect(exitedAfterMs).toBeLessThan(45_000);
    expect(slow.output()).toContain('draining');

    const evidenceJob = await h.rt.queues.get('evidence').getJob(bullJobId(id, 1, 'evidence'));
    expect(evidenceJob).toBeTruthy();
    expect(['waiting', 'delayed', 'prioritized']).toContain(await evidenceJob!.getState());
    expect(evidenceJob!.attemptsMade).toBe(0); // handed back, not failed

    // another worker (a fast one) finishes the run; nothing was recorded as failed
    const fast = spawnCli(['worker'], h.env);
    children.push(fast);
    const done = await h.waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 120_000);
    expect(done.status).toBe('completed');
    const evidence = done.steps.find((s) => s.step === 'evidence')!;
    expect(evidence.error).toBeNull();
    expect(evidence.attempts).toBe(2); // two starts: the aborted one and the one that finished
    const finished = await h.rt.queues.get('evidence').getJob(bullJobId(id, 1, 'evidence'));
    expect(finished!.attemptsMade).toBe(1); // BullMQ counted one attempt only
    const figures = await integrity(h.databaseUrl);
    console.log('[shutdown-timeout] figures', JSON.stringify({
      ...figures, shutdownTimeoutMs: 1500, exitedAfterMs, evidenceStarts: evidence.attempts, bullAttemptsMade: finished!.attemptsMade,
    }));
    expect(figures.byStatus).toEqual({ completed: 1 });
    expect(figures.duplicateEvidence).toBe(0);
    expect(figures.stepsCommittedTwice).toBe(0);
    fast.kill('SIGTERM');
    expect(await exitCode(fast)).toBe(0);
  }, 240_000);
});
