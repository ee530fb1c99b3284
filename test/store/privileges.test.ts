import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresTransport } from '../../src/store/postgres/transport.js';
import { RpcStore } from '../../src/store/rpc-store.js';
import { createTestDatabase } from '../support/db.js';
import { newInterview, transcribeOutput } from './fixtures.js';

/**
 * Database privileges after every migration: only the service role writes. A Supabase user's JWT
 * (role `authenticated`) reads its account through RLS and cannot forge a run or a step, not
 * even on its own account's job; `anon` and PUBLIC execute nothing that writes. Enumerates every
 * function and table, so functions other migrations add later are covered too.
 */

const API_ROLES = ['public', 'anon', 'authenticated'] as const;

describe('database privileges', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  let service: RpcStore;
  const A = randomUUID();
  let job: { interviewId: string; analysisJobId: string; runNo: number };

  /** Runs `sql` as `role` with account A's claims, as PostgREST would; returns the SQLSTATE or 'allowed'. */
  async function as(role: string, sql: string, params: unknown[] = []): Promise<string> {
    const c = await pool.connect();
    try {
      await c.query('begin');
      await c.query(`set local role ${role}`);
      await c.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ role, sub: randomUUID(), account_id: A })]);
      await c.query(sql, params);
      await c.query('commit');
      return 'allowed';
    } catch (err) {
      await c.query('rollback').catch(() => {});
      return (err as { code?: string }).code ?? String(err);
    } finally {
      c.release();
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 3 });
    pool.on('error', () => {});
    service = new RpcStore(new PostgresTransport(db.url, { max: 2 }));
    const ids = await service.createInterview(newInterview(A));
    const { runNo } = await service.beginRun(ids.analysisJobId, { reset: [], supersede: false });
    await service.startStep(ids.analysisJobId, runNo, 'transcribe');
    await service.commitStep(ids.analysisJobId, runNo, 'transcribe', transcribeOutput());
    job = { ...ids, runNo };
  });
  afterAll(async () => {
    await service?.close();
    await pool?.end();
    await db?.drop();
  });

  it('no function that can write is executable by PUBLIC, anon or authenticated', async () => {
    const { rows } = await pool.query(`
      select n.nspname || '.' || p.oid::regprocedure::text as fn, p.provolatile as vol, p.prosecdef as definer,
             has_function_privilege('anon', p.oid, 'execute') as anon,
             has_function_privilege('authenticated', p.oid, 'execute') as authenticated,
             coalesce((select bool_or(a.grantee = 0) from aclexplode(p.proacl) a where a.privilege_type = 'EXECUTE'), p.proacl is null) as public
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
        and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')`);
    expect(rows.length).toBeGreaterThan(30);
    const writers = rows.filter((r) => r.vol === 'v' || r.definer);
    expect(writers.map((r) => r.fn)).toEqual(expect.arrayContaining([
      expect.stringContaining('begin_run('), expect.stringContaining('commit_finalize('), expect.stringContaining('create_api_key('),
    ]));
    const open = writers.filter((r) => API_ROLES.some((role) => r[role])).map((r) => `${r.fn} (${API_ROLES.filter((role) => r[role]).join(', ')})`);
    expect(open).toEqual([]);
    // nothing at all for anon or PUBLIC, readers included
    expect(rows.filter((r) => r.anon || r.public).map((r) => r.fn)).toEqual([]);
  });

  it('authenticated may write no table, anon may not even read', async () => {
    const { rows } = await pool.query(`
      select c.oid::regclass::text as t,
        has_table_privilege('authenticated', c.oid, 'insert') or has_table_privilege('authenticated', c.oid, 'update')
          or has_table_privilege('authenticated', c.oid, 'delete') or has_table_privilege('authenticated', c.oid, 'truncate') as auth_writes,
        has_table_privilege('anon', c.oid, 'select') as anon_reads
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')`);
    expect(rows.length).toBeGreaterThan(15);
    expect(rows.filter((r) => r.auth_writes).map((r) => r.t)).toEqual([]);
    expect(rows.filter((r) => r.anon_reads).map((r) => r.t)).toEqual([]);
  });

  it('an authenticated user cannot forge a run or a step, even of its own account, and nothing changes', async () => {
    const ledger = async () => (await pool.query(
      `select j.current_run, j.status, j.workflow_state, j.checkpoints,
              (select jsonb_agg(s order by s.run_no, s.step) from analysis_steps s where s.analysis_job_id = j.id) steps
       from analysis_jobs j where j.id = $1`, [job.analysisJobId])).rows[0];
    const before = await ledger();
    const j = job.analysisJobId;
    const attempts: [string, string, unknown[]][] = [
      ['begin_run', `select begin_run(p_job => $1, p_reset => '{}', p_supersede => true, p_lost_run => null)`, [j]],
      ['start_step', `select start_step(p_job => $1, p_run => $2, p_step => 'evidence')`, [j, job.runNo]],
      ['commit_finalize', `select commit_finalize(p_job => $1, p_run => $2, p => '{"summary":"forged"}')`, [j, job.runNo]],
      ['commit_transcribe', `select commit_transcribe(p_job => $1, p_run => $2, p => $3)`, [j, job.runNo, JSON.stringify(transcribeOutput())]],
      ['fail_step', `select fail_step(p_job => $1, p_run => $2, p_step => 'evidence', p_error => 'x', p_final => true)`, [j, job.runNo]],
      ['set_checkpoint', `select set_checkpoint(p_job => $1, p_run => $2, p_step => 'transcribe', p_values => '{"x":1}')`, [j, job.runNo]],
      ['record_step_usage', `select record_step_usage(p_job => $1, p_run => $2, p_step => 'transcribe', p_usage => '{"costUsd":-5}')`, [j, job.runNo]],
      ['mark_flow_added', `select mark_flow_added(p_job => $1, p_run => $2)`, [j, job.runNo]],
      ['create_interview', `select create_interview(p => $1)`, [JSON.stringify(newInterview(A))]],
      ['create_api_key', `select create_api_key(p => $1)`, [JSON.stringify({ accountId: A, name: 'x', prefix: 'iflow_', hash: 'a'.repeat(64), scopes: ['admin'] })]],
      ['insert step', `insert into analysis_steps (analysis_job_id, run_no, step, status) values ($1, 99, 'finalize', 'completed')`, [j]],
      ['update job', `update analysis_jobs set status = 'completed', current_run = current_run + 1 where id = $1`, [j]],
      ['update step', `update analysis_steps set status = 'completed' where analysis_job_id = $1`, [j]],
      ['delete steps', `delete from analysis_steps where analysis_job_id = $1`, [j]],
      ['insert job', `insert into analysis_jobs (interview_id, account_id, project_id) values ($1, $2, $2)`, [job.interviewId, A]],
      ['insert evidence', `insert into evidence (interview_id, account_id, project_id) select id, account_id, project_id from interviews where id = $1`, [job.interviewId]],
      ['insert api key', `insert into api_keys (account_id, name, prefix, key_hash, scopes) values ($1, 'x', 'p', $2, '{admin}')`, [A, 'b'.repeat(64)]],
    ];
    for (const role of ['authenticated', 'anon']) {
      for (const [name, sql, params] of attempts) {
        expect(await as(role, sql, params), `${role}: ${name}`).toBe('42501');
      }
    }
    expect(await ledger()).toEqual(before);
    // reading its own job through RLS still works
    expect(await as('authenticated', 'select get_analysis_job(p_job => $1)', [j])).toBe('allowed');
    expect(await as('authenticated', 'select * from api_keys')).toBe('42501');
  });

  it('functions added by later migrations are closed to API roles by default', async () => {
    const name = `zz_later_${randomUUID().slice(0, 8)}`;
    await pool.query(`create function public.${name}(p uuid) returns void language sql as 'select null::void'`);
    const { rows } = await pool.query(`select has_function_privilege('authenticated', $1::regprocedure, 'execute') a,
      has_function_privilege('anon', $1::regprocedure, 'execute') b, has_function_privilege('service_role', $1::regprocedure, 'execute') s`, [`public.${name}(uuid)`]);
    expect(rows[0]).toEqual({ a: false, b: false, s: true });
    await pool.query(`drop function public.${name}(uuid)`);
  });
});
