import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcStore } from '../../src/store/rpc-store.js';
import { PostgresTransport } from '../../src/store/postgres/transport.js';
import { createTestDatabase } from '../support/db.js';
import { newInterview, transcribeOutput } from './fixtures.js';

/**
 * Which calls wait for the WAL flush (migrations 20261202100001, 03 and 04): a step's start,
 * its progress lines and the flow marker commit with synchronous_commit off for their own
 * transaction only; commits, which carry the step's effects, keep waiting for it, and a start
 * that a database crash lost is made up by the commit.
 */
describe('commit durability of step calls (postgres)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: RpcStore;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new RpcStore(new PostgresTransport(db.url, { max: 2 }));
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await store?.close();
    await db?.drop();
  });

  const setting = async () => (await client.query('show synchronous_commit')).rows[0].synchronous_commit as string;

  async function started() {
    const ids = await store.createInterview(newInterview());
    const { runNo } = await store.beginRun(ids.analysisJobId, { reset: [], supersede: false });
    return { ...ids, runNo };
  }

  it('a start does not wait for the flush, and the setting ends with its transaction', async () => {
    const { analysisJobId, runNo } = await started();
    expect(await setting()).toBe('on');
    await client.query('begin');
    await client.query(`select start_step($1, $2, 'transcribe')`, [analysisJobId, runNo]);
    expect(await setting()).toBe('off');
    await client.query('commit');
    // the next call on this (pooled) connection is back to the server's setting
    expect(await setting()).toBe('on');
    const row = await client.query(`select status from analysis_steps where analysis_job_id = $1 and step = 'transcribe'`, [analysisJobId]);
    expect(row.rows[0].status).toBe('running');
  });

  it('the flow marker does not wait for the flush either, and still fences', async () => {
    const { analysisJobId, runNo } = await started();
    await client.query('begin');
    await client.query('select mark_flow_added($1, $2)', [analysisJobId, runNo]);
    expect(await setting()).toBe('off');
    await client.query('commit');
    expect(await setting()).toBe('on');
    expect((await store.getAnalysisJob(analysisJobId))?.flowRun).toBe(runNo);
    await expect(client.query('select mark_flow_added($1, $2)', [analysisJobId, runNo + 1])).rejects.toMatchObject({ code: 'IFSTL' });
  });

  it('a progress line does not wait for the flush', async () => {
    const { analysisJobId, runNo } = await started();
    await store.startStep(analysisJobId, runNo, 'transcribe');
    await client.query('begin');
    await client.query(`select report_step_progress($1, $2, 'transcribe', 40, 'halfway')`, [analysisJobId, runNo]);
    expect(await setting()).toBe('off');
    await client.query('commit');
    expect(await setting()).toBe('on');
    expect((await store.getAnalysisJob(analysisJobId))?.statusLine).toBe('transcribe: halfway');
  });

  it('a commit waits for the flush', async () => {
    const { analysisJobId, runNo } = await started();
    await store.startStep(analysisJobId, runNo, 'transcribe');
    await client.query('begin');
    await client.query(`select commit_transcribe($1, $2, $3)`, [analysisJobId, runNo, JSON.stringify(transcribeOutput())]);
    expect(await setting()).toBe('on');
    await client.query('commit');
  });

  it('a commit whose start was lost still records the step once', async () => {
    const { analysisJobId, runNo } = await started();
    await store.commitStep(analysisJobId, runNo, 'transcribe', transcribeOutput());
    const rows = await client.query(`select status, attempts from analysis_steps where analysis_job_id = $1 and run_no = $2`, [analysisJobId, runNo]);
    expect(rows.rows).toEqual([{ status: 'completed', attempts: 1 }]);
    expect((await store.getAnalysisJob(analysisJobId))?.completedSteps).toEqual(['transcribe']);
  });
});
