import { readFileSync } from 'node:fs';
import pg from 'pg';
import { ROOT } from '../../support/spawn-cli.js';

/** Real interviews already in the repository (examples/, test fixtures; see their READMEs). */
export function interviewTexts(): string[] {
  const files = ['examples/creative-01.txt', 'examples/creative-02.txt', 'examples/creative-03.txt',
    'test/analysis/fixtures/creatives-0.txt', 'test/analysis/fixtures/creatives-1.txt'];
  return files.map((f) => readFileSync(ROOT + f, 'utf8'));
}

/** Figures a fault test reports and asserts: the state of every run after the fault. */
export interface Integrity {
  jobs: number;
  completed: number;
  byStatus: Record<string, number>;
  /** Evidence rows / theme links / answer links that exist twice. */
  duplicateEvidence: number;
  duplicateLinks: number;
  /** (job, step) pairs committed more than once (in two runs). */
  stepsCommittedTwice: number;
  /** (job, step) pairs whose body was started more than once over all runs (start_step calls). */
  stepsStartedTwice: number;
  /** Total step starts, and how many runs were opened in all. */
  starts: number;
  runs: number;
  analyticsEvents: number;
}

export async function integrity(databaseUrl: string): Promise<Integrity> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const one = async (sql: string) => (await db.query(sql)).rows[0];
    const statuses = (await db.query('select status, count(*)::int n from analysis_jobs group by status')).rows;
    const byStatus = Object.fromEntries(statuses.map((r) => [r.status, r.n]));
    const ev = await one('select count(*)::int - count(distinct (interview_id, verbatim, start_ms))::int d from evidence');
    const links = await one(`select
      (select count(*) - count(distinct (theme_id, evidence_id)) from theme_evidence)::int
      + (select count(*) - count(distinct (answer_id, evidence_id)) from project_answer_evidence)::int d`);
    const committed = await one(`select count(*)::int n from (select analysis_job_id, step from analysis_steps
      where status = 'completed' group by 1, 2 having count(*) > 1) x`);
    const started = await one(`select count(*)::int n from (select analysis_job_id, step from analysis_steps
      group by 1, 2 having sum(attempts) > 1) x`);
    const starts = await one('select coalesce(sum(attempts), 0)::int n from analysis_steps');
    const runs = await one('select coalesce(sum(current_run), 0)::int n from analysis_jobs');
    const events = await one('select count(*)::int n from analytics_events');
    const jobs = statuses.reduce((a, r) => a + r.n, 0);
    return {
      jobs, completed: byStatus.completed ?? 0, byStatus, duplicateEvidence: ev.d, duplicateLinks: links.d,
      stepsCommittedTwice: committed.n, stepsStartedTwice: started.n, starts: starts.n, runs: runs.n, analyticsEvents: events.n,
    };
  } finally {
    await db.end();
  }
}

/** Polls until every analysis job is completed (or the time is up); returns the last figures. */
export async function waitAllCompleted(databaseUrl: string, expected: number, timeoutMs: number): Promise<Integrity> {
  const deadline = Date.now() + timeoutMs;
  let last = await integrity(databaseUrl);
  while (Date.now() < deadline && !(last.jobs === expected && last.completed === expected)) {
    await new Promise((r) => setTimeout(r, 500));
    last = await integrity(databaseUrl);
  }
  return last;
}
