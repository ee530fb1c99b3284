import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { NotFoundError } from '../../src/domain/run-errors.js';
import { callOver, PostgresTransport, type SqlRunner } from '../../src/store/postgres/transport.js';
import { RpcStore } from '../../src/store/rpc-store.js';
import { createTestDatabase } from '../support/db.js';
import { evidenceOutput, newInterview, parallelOutputs, transcribeOutput } from './fixtures.js';

/**
 * Row-level security, tested the way PostgREST applies it: each statement runs in a transaction
 * that switches to the JWT's role (`set local role authenticated`) and publishes the claims in
 * `request.jwt.claims`.
 */

/** Tables in public that may lack RLS, with the reason. Keep empty unless there is one. */
const RLS_EXEMPT: Record<string, string> = {};

type Claims = Record<string, unknown>;

async function asRole<T>(pool: pg.Pool, role: string, claims: Claims | null, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('begin');
    await c.query(`set local role ${role}`);
    if (claims) await c.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
    const out = await fn(c);
    await c.query('commit');
    return out;
  } catch (err) {
    await c.query('rollback').catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}

/** A Store whose every SQL function call runs as `authenticated` with the given claims. */
function storeAs(pool: pg.Pool, claims: Claims): Store {
  const runner: SqlRunner = { query: (sql, params) => asRole(pool, 'authenticated', claims, (c) => c.query(sql, params)) };
  return new RpcStore({ name: 'authenticated', call: (fn, args) => callOver(runner, fn, args), close: async () => {} });
}

/** One fully analysed interview (all steps committed) for an account. */
async function analysed(store: Store, accountId: string) {
  const input = newInterview(accountId);
  const ids = await store.createInterview(input);
  const { runNo } = await store.beginRun(ids.analysisJobId, { reset: [], supersede: false });
  const job = ids.analysisJobId;
  await store.startStep(job, runNo, 'transcribe');
  await store.commitStep(job, runNo, 'transcribe', transcribeOutput());
  await store.startStep(job, runNo, 'evidence');
  await store.commitStep(job, runNo, 'evidence', evidenceOutput());
  const par = await parallelOutputs(store, ids.interviewId);
  for (const s of ['insights', 'personas', 'answers'] as const) {
    await store.startStep(job, runNo, s);
    await store.commitStep(job, runNo, s, par[s] as never);
  }
  await store.startStep(job, runNo, 'finalize');
  await store.commitStep(job, runNo, 'finalize', { summary: `summary for ${accountId}` });
  return { ...ids, projectId: input.projectId, runNo, evidenceIds: par.evidence.map((e) => e.id) };
}

describe('row-level security (authenticated role + request.jwt.claims)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  let service: RpcStore;
  const A = randomUUID();
  const B = randomUUID();
  let a: Awaited<ReturnType<typeof analysed>>;
  let b: Awaited<ReturnType<typeof analysed>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    pool.on('error', () => {}); // idle clients of a database being dropped
    service = new RpcStore(new PostgresTransport(db.url, { max: 2 }));
    // both accounts' data are written as the workers write it: authenticated may not write
    // (20261130200002_privileges.sql; test/store/privileges.test.ts)
    b = await analysed(service, B);
    a = await analysed(service, A);
  });
  afterAll(async () => {
    await service?.close();
    await pool?.end();
    await db?.drop();
  });

  it('every table in public has RLS enabled (or a documented exemption) and policies', async () => {
    const { rows } = await pool.query<{ name: string; rls: boolean; policies: number }>(`
      select c.relname as name, c.relrowsecurity as rls,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')`);
    expect(rows.length).toBeGreaterThanOrEqual(16);
    const missing = rows.filter((r) => !r.rls && !(r.name in RLS_EXEMPT)).map((r) => r.name);
    expect(missing).toEqual([]);
    // every domain table has policies; the migrator's ledger has none on purpose (owner only)
    const noPolicy = rows.filter((r) => r.rls && r.policies === 0).map((r) => r.name);
    expect(noPolicy).toEqual(['schema_migrations']);
  });

  it('every view in public is security_invoker', async () => {
    const { rows } = await pool.query<{ name: string; opts: string[] | null }>(
      `select relname as name, reloptions as opts from pg_class where relnamespace = 'public'::regnamespace and relkind = 'v'`);
    expect(rows.map((r) => r.name)).toContain('insights');
    for (const r of rows) expect(r.opts ?? [], r.name).toContain('security_invoker=true');
  });

  it("account A reads only its own interviews, evidence, themes, answers and insights", async () => {
    const claims = { role: 'authenticated', account_id: A };
    for (const table of ['interviews', 'evidence', 'themes', 'project_answers', 'insights', 'analysis_jobs', 'utterances', 'people', 'theme_evidence']) {
      const rows = await asRole(pool, 'authenticated', claims, async (c) => (await c.query(`select account_id from ${table}`)).rows);
      expect(rows.length, table).toBeGreaterThan(0);
      expect(rows.every((r) => r.account_id === A), table).toBe(true);
    }
    const steps = await asRole(pool, 'authenticated', claims, async (c) => (await c.query('select analysis_job_id from analysis_steps')).rows);
    expect(new Set(steps.map((r) => r.analysis_job_id))).toEqual(new Set([a.analysisJobId]));
    // B's rows exist (the owner sees both accounts)
    const all = await pool.query('select distinct account_id from insights');
    expect(all.rows.map((r) => r.account_id).sort()).toEqual([A, B].sort());
  });

  it('app_metadata.account_id is honoured; no account claim sees nothing; anon sees nothing', async () => {
    const viaMeta = await asRole(pool, 'authenticated', { role: 'authenticated', app_metadata: { account_id: B } },
      async (c) => (await c.query('select distinct account_id from evidence')).rows);
    expect(viaMeta).toEqual([{ account_id: B }]);
    const none = await asRole(pool, 'authenticated', { role: 'authenticated', user_metadata: { account_id: B } },
      async (c) => (await c.query('select count(*)::int as n from interviews')).rows[0]);
    expect(none).toEqual({ n: 0 });
    const anon = await asRole(pool, 'anon', { role: 'anon' }, async (c) => (await c.query('select count(*)::int as n from interviews')).rows[0])
      .catch((e: { code?: string }) => e.code);
    // plain Postgres: anon has no grants (42501); Supabase grants it, but no policy lets a row through
    expect(anon === '42501' || (anon as { n: number }).n === 0).toBe(true);
  });

  it("account A cannot change or delete account B's rows (nor its own), nor attach rows to B's project", async () => {
    const claims = { role: 'authenticated', account_id: A };
    const denied = (sql: string, params: unknown[]) =>
      asRole(pool, 'authenticated', claims, (c) => c.query(sql, params)).then(() => 'allowed', (e: { code?: string }) => e.code);
    expect(await denied(`update evidence set verbatim = 'hacked' where interview_id = $1`, [b.interviewId])).toBe('42501');
    expect(await denied('delete from themes where project_id = $1', [b.projectId])).toBe('42501');
    expect(await denied(`update project_answers set answer_text = 'x' where interview_id = $1`, [b.interviewId])).toBe('42501');
    expect(await denied(`update interviews set title = 'x' where id = $1`, [b.interviewId])).toBe('42501');
    const untouched = await pool.query(`select count(*)::int as n from evidence where interview_id = $1 and verbatim <> 'hacked'`, [b.interviewId]);
    expect(untouched.rows[0].n).toBe(3);

    expect(await denied(`insert into interviews (account_id, project_id, source) values ($1, $2, '{}')`, [B, b.projectId])).toBe('42501');
    expect(await denied(`insert into interviews (account_id, project_id, source) values ($1, $2, '{}')`, [A, b.projectId])).toBe('42501');
    expect(await denied(`insert into themes (account_id, project_id, name, name_key, statement) values ($1, $2, 'T', 't', 's')`, [A, b.projectId])).toBe('42501');
    expect(await denied(`update evidence set account_id = $1 where interview_id = $2`, [B, a.interviewId])).toBe('42501');
    // only the service role writes, even to the caller's own rows; reading them works
    expect(await denied(`update interviews set title = 'renamed' where id = $1`, [a.interviewId])).toBe('42501');
    expect(await denied(`select title from interviews where id = $1`, [a.interviewId])).toBe('allowed');
  });

  it("through the SQL functions (rpc), account A sees and changes nothing of account B's", async () => {
    const asA = storeAs(pool, { role: 'authenticated', account_id: A });
    expect(await asA.getInterviewReport(b.interviewId)).toBeNull();
    expect(await asA.getAnalysisJob(b.analysisJobId)).toBeNull();
    expect(await asA.loadEvidence(b.interviewId)).toEqual([]);
    expect(await asA.getProjectSynthesis(b.projectId)).toBeNull();
    expect(await asA.listSynthesisRuns(b.projectId)).toEqual([]);
    const input = await asA.loadSynthesisInput(b.projectId);
    expect([input.interviews, input.evidence, input.codes, input.answers]).toEqual([[], [], [], []]);
    expect(await asA.loadProjectThemes(b.projectId)).toEqual([]);
    expect(await asA.loadQuestions(b.interviewId)).toEqual([]);
    expect(await asA.loadUtterances(b.interviewId)).toEqual([]);
    await expect(asA.loadAnalysisJobContext(b.analysisJobId)).rejects.toBeInstanceOf(NotFoundError);
    // writers are the service role's alone (permission denied before any row is looked at)
    await expect(asA.beginRun(b.analysisJobId, { reset: ['finalize'], supersede: true })).rejects.toMatchObject({ code: '42501' });
    await expect(asA.commitStep(b.analysisJobId, b.runNo, 'finalize', { summary: 'x' })).rejects.toMatchObject({ code: '42501' });
    await expect(asA.setCheckpoint(b.analysisJobId, b.runNo, 'transcribe', { x: 1 })).rejects.toMatchObject({ code: '42501' });
    await expect(asA.createInterview(newInterview(B))).rejects.toMatchObject({ code: '42501' });
    await expect(asA.createInterview(newInterview(A, b.projectId))).rejects.toMatchObject({ code: '42501' });
    await expect(asA.beginRun(a.analysisJobId, { reset: ['finalize'], supersede: true })).rejects.toMatchObject({ code: '42501' });

    // A's own data, including the insights view inside get_interview_report, is complete
    const own = await asA.getInterviewReport(a.interviewId);
    expect(own).toMatchObject({ accountId: A, status: 'ready', summary: `summary for ${A}` });
    expect(own!.insights).toHaveLength(2);
    expect(own!.answers.map((x) => x.status)).toEqual(['answered', 'partially_answered']);
    const bReport = await service.getInterviewReport(b.interviewId);
    expect(bReport).toMatchObject({ accountId: B, status: 'ready', summary: `summary for ${B}` });
    expect(bReport!.insights).toHaveLength(2);
  });

  it('the RLS migration is idempotent (re-applying it keeps the same policies)', async () => {
    const policies = () => pool.query('select tablename, policyname, roles::text, qual, with_check from pg_policies where schemaname = $1 order by 1, 2', ['public']);
    const before = (await policies()).rows;
    const sql = readFileSync(new URL('../../supabase/migrations/20261124000010_rls.sql', import.meta.url), 'utf8');
    const c = await pool.connect();
    try {
      await c.query(sql);
    } finally {
      c.release();
    }
    expect((await policies()).rows).toEqual(before);
    expect(before.length).toBeGreaterThanOrEqual(32);
  });

  it('service_role sees every account (workers act for all of them)', async () => {
    const rows = await asRole(pool, 'service_role', { role: 'service_role' },
      async (c) => (await c.query('select distinct account_id from insights')).rows);
    expect(rows.map((r) => r.account_id).sort()).toEqual([A, B].sort());
  });
});
