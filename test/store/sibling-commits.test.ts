import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcStore } from '../../src/store/rpc-store.js';
import { PostgresTransport } from '../../src/store/postgres/transport.js';
import { StaleRunError } from '../../src/domain/run-errors.js';
import { createTestDatabase } from '../support/db.js';
import { evidenceOutput, newInterview, parallelOutputs, transcribeOutput } from './fixtures.js';

/**
 * Migration 20261202800004: the parallel steps' commits (insights, personas, answers) hold the
 * job row `for key share` plus an advisory lock on (job, step), not `for update`. A sibling's
 * commit proceeds while another holds its fence; a duplicate commit of the same step, a new run
 * (begin_run) and a cancel still wait for it. Migration 20261203100001: their commits leave the
 * job row alone (completed steps come from their step rows), so one sibling's commit in flight
 * does not hold the others' commits either; finalize, a final failure and a new run fold them in.
 */
describe('sibling step commits (postgres)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: RpcStore;
  let holder: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new RpcStore(new PostgresTransport(db.url, { max: 4 }));
    holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
  });
  afterAll(async () => {
    await holder?.end();
    await store?.close();
    await db?.drop();
  });

  async function throughEvidence() {
    const ids = await store.createInterviewWithRun(newInterview());
    const job = ids.analysisJobId;
    const runNo = ids.run.runNo;
    for (const [step, out] of [['transcribe', transcribeOutput()], ['evidence', evidenceOutput()]] as const) {
      await store.startStep(job, runNo, step);
      await store.commitStep(job, runNo, step, out as never);
    }
    for (const s of ['insights', 'personas', 'answers'] as const) await store.startStep(job, runNo, s);
    return { job, runNo, par: await parallelOutputs(store, ids.interviewId) };
  }

  /** 'done' if the call settles within ms while the holder keeps its transaction open, else 'waiting'. */
  const within = (p: Promise<unknown>, ms: number) =>
    Promise.race([p.then(() => 'done', () => 'done'), new Promise((r) => setTimeout(() => r('waiting'), ms))]);

  it('a sibling commits while another step holds its fence; the same step waits for it', async () => {
    const { job, runNo, par } = await throughEvidence();
    await holder.query('begin');
    await holder.query(`select iflow_fence_sibling($1, $2, 'insights')`, [job, runNo]);
    try {
      // before 20261202800004 the fence was `for update`: this commit waited for the holder
      expect(await within(store.commitStep(job, runNo, 'personas', par.personas), 3000)).toBe('done');
      const duplicate = store.commitStep(job, runNo, 'insights', par.insights);
      expect(await within(duplicate, 500)).toBe('waiting');
      const newRun = store.beginRun(job, { reset: [], supersede: true });
      expect(await within(newRun, 300)).toBe('waiting');
      await holder.query('commit');
      // the new run opens; the duplicate either committed first or is fenced off by it
      expect((await newRun).runNo).toBe(runNo + 1);
      await duplicate.catch((err: unknown) => expect(err).toBeInstanceOf(StaleRunError));
    } finally {
      await holder.query('rollback').catch(() => {});
    }
    // run 1 is superseded now: its last sibling is fenced off as before
    await expect(store.commitStep(job, runNo, 'answers', par.answers)).rejects.toBeInstanceOf(StaleRunError);
  });

  it('concurrent commits of all three siblings, each twice, land once each', async () => {
    const { job, runNo, par } = await throughEvidence();
    const steps = ['insights', 'personas', 'answers'] as const;
    const results = await Promise.all([...steps, ...steps].map((s) => store.commitStep(job, runNo, s, par[s] as never)));
    expect(results.slice(3)).toEqual(results.slice(0, 3));
    const view = await store.getAnalysisJob(job);
    expect(view!.completedSteps).toEqual(['transcribe', 'evidence', 'insights', 'personas', 'answers']);
    expect(view!.progress).toBe(83);
    const count = async (sql: string) => (await holder.query(sql, [job])).rows[0].n as number;
    const interview = `(select interview_id from analysis_jobs where id = $1)`;
    expect(await count(`select count(*)::int as n from persona_assignments where interview_id = ${interview}`)).toBe(1);
    expect(await count(`select count(*)::int as n from analysis_steps where analysis_job_id = $1 and status = 'completed'`)).toBe(5);
  });

  /** The job row's own workflow_state, as a check reading the table sees it. */
  const rowState = async (job: string) => (await holder.query('select workflow_state from analysis_jobs where id = $1', [job])).rows[0].workflow_state;

  it('a sibling whose commit is in flight holds no other sibling\'s start or commit; finalize folds all three into the row', async () => {
    const { job, runNo, par } = await throughEvidence();
    await holder.query('begin');
    // insights' whole commit, not yet committed: before 20261203100001 it held the job row
    await holder.query('select commit_insights($1, $2, $3)', [job, runNo, JSON.stringify(par.insights)]);
    try {
      // and a sibling's start neither (20261203100002: before, its `for update` fence waited)
      expect(await within(store.startStep(job, runNo, 'personas'), 3000)).toBe('done');
      expect(await within(store.commitStep(job, runNo, 'personas', par.personas), 3000)).toBe('done');
      expect((await store.getAnalysisJob(job))!.completedSteps).toEqual(['transcribe', 'evidence', 'personas']);
      await holder.query('commit');
    } finally {
      await holder.query('rollback').catch(() => {});
    }
    await store.commitStep(job, runNo, 'answers', par.answers);
    const view = await store.getAnalysisJob(job);
    expect(view!.completedSteps).toEqual(['transcribe', 'evidence', 'insights', 'personas', 'answers']);
    expect(view!.progress).toBe(83);
    expect(Object.keys(view!.workflowState)).toEqual(expect.arrayContaining(['insightIds', 'personaIds', 'answerIds']));
    // the row itself still has what the sequential steps wrote
    expect((await rowState(job)).completedSteps).toEqual(['transcribe', 'evidence']);
    await store.startStep(job, runNo, 'finalize');
    await store.commitStep(job, runNo, 'finalize', { summary: 'done' });
    const row = await rowState(job);
    expect(row.completedSteps).toEqual(['transcribe', 'evidence', 'insights', 'personas', 'answers', 'finalize']);
    expect(row).toMatchObject({ insightIds: view!.workflowState.insightIds, personaIds: view!.workflowState.personaIds, answerIds: view!.workflowState.answerIds });
    expect((await store.getAnalysisJob(job))!).toMatchObject({ status: 'completed', progress: 100 });
  });

  it('a final failure and the next run fold the completed siblings into the row; the resume skips them', async () => {
    const { job, runNo, par } = await throughEvidence();
    await store.commitStep(job, runNo, 'insights', par.insights);
    await store.commitStep(job, runNo, 'personas', par.personas);
    await store.failStep(job, runNo, 'answers', 'boom', true);
    expect((await rowState(job)).completedSteps).toEqual(['transcribe', 'evidence', 'insights', 'personas']);
    const next = await store.beginRun(job, { reset: [], supersede: false });
    expect(next.completedSteps).toEqual(['transcribe', 'evidence', 'insights', 'personas']);
    expect((await rowState(job)).completedSteps).toEqual(['transcribe', 'evidence', 'insights', 'personas']);
  });
});
