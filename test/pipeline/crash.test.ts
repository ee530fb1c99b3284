import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { createHarness, http, type Harness } from '../support/harness.js';
import { creatives } from '../support/creatives.js';

import { spawnCli } from '../support/spawn-cli.js';

const spawnWorker = (env: Record<string, string>) => spawnCli(['worker'], env);

describe('a worker killed with SIGKILL in the middle of a step', () => {
  let h: Harness;
  const children: ChildProcess[] = [];
  // short locks so stall detection happens within the test; slow analyzer so we can kill mid-step
  const env = { LOCAL_ANALYZER_DELAY_MS: '2500', QUEUE_EVIDENCE_LOCK_MS: '2000', QUEUE_INSIGHTS_LOCK_MS: '2000' };
  beforeAll(async () => { h = await createHarness({ env, workers: false }); });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await h?.close();
  });

  it('is finished by another worker after stall detection, with exactly one copy of every output', async () => {
    const first = spawnWorker(h.env);
    children.push(first);
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: creatives()[5]!.text, questions: ['What do they value?'] });
    const id = created.body.analysisJobId;
    await h.waitForJob(id, (j) => j.currentStep === 'evidence' && j.status === 'running', 30_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    const second = spawnWorker(h.env);
    children.push(second);
    const done = await h.waitForJob(id, (j) => j.status === 'completed' || j.status === 'failed', 60_000);
    expect(done.status).toBe('completed');
    const evidenceStep = done.steps.find((s) => s.step === 'evidence')!;
    expect(evidenceStep.attempts).toBeGreaterThanOrEqual(2);

    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      const q = async (sql: string) => (await db.query(sql)).rows[0];
      const evidence = await q(`select count(*)::int n, count(distinct (interview_id, verbatim, start_ms))::int d from evidence`);
      expect(evidence.n).toBeGreaterThan(0);
      expect(evidence.n).toBe(evidence.d);
      const themes = await q('select count(*)::int n, count(distinct name_key)::int d from themes');
      expect(themes.n).toBe(themes.d);
      const links = await q('select count(*)::int n, count(distinct (theme_id, evidence_id))::int d from theme_evidence');
      expect(links.n).toBeGreaterThan(0);
      expect(links.n).toBe(links.d);
      const steps = (await db.query(`select step, count(*)::int n from analysis_steps where status = 'completed' group by step`)).rows;
      expect(steps).toHaveLength(6);
      for (const s of steps) expect(s.n, s.step).toBe(1);
      expect((await q('select count(*)::int n from analytics_events')).n).toBe(1);
    } finally {
      await db.end();
    }
  });
});
