import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/domain/run-errors.js';
import { createSupabaseStore, SupabaseRpcError, SupabaseTransport } from '../../src/store/supabase/index.js';
import { createTestDatabase } from '../support/db.js';
import { signJwt, startPostgrestServer, type PostgrestServer } from '../support/postgrest-server.js';
import { storeContract } from './contract.js';
import { newInterview } from './fixtures.js';

const JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';
const serviceKey = () => signJwt({ role: 'service_role', iss: 'supabase' }, JWT_SECRET);

storeContract('supabase', async () => {
  const db = await createTestDatabase();
  const server = await startPostgrestServer({ databaseUrl: db.url, jwtSecret: JWT_SECRET });
  const store = createSupabaseStore(server.url, serviceKey());
  const raw = new pg.Pool({ connectionString: db.url, max: 2 });
  raw.on('error', () => {}); // idle clients of a database being dropped
  return {
    store,
    sql: async (text, params) => (await raw.query(text, params)).rows,
    async close() {
      // the calls really went through the PostgREST protocol
      expect(server.hits.get('/rpc/create_interview')).toBeGreaterThan(0);
      await store.close();
      await server.close();
      await raw.end();
      await db.drop();
    },
  };
});

describe('supabase-js driver over the PostgREST protocol', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: PostgrestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startPostgrestServer({ databaseUrl: db.url, jwtSecret: JWT_SECRET });
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  const post = (path: string, body: unknown, token?: string) => fetch(`${server.url}/rest/v1${path}`, {
    method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

  it('answers with PostgREST status codes and error bodies', async () => {
    const missingFn = await post('/rpc/no_such_function', {}, serviceKey());
    expect(missingFn.status).toBe(404);
    expect((await missingFn.json()) as { code: string }).toMatchObject({ code: 'PGRST202', hint: null });
    const wrongArgs = await post('/rpc/load_evidence', { p_wrong: 1 }, serviceKey());
    expect(wrongArgs.status).toBe(404);
    const notFound = await post('/rpc/load_job_context', { p_job: randomUUID() }, serviceKey());
    expect(notFound.status).toBe(400);
    expect((await notFound.json()) as { code: string }).toMatchObject({ code: 'IFNFD', details: null, hint: null });
    const badUuid = await post('/rpc/load_evidence', { p_interview: 'nope' }, serviceKey());
    expect(badUuid.status).toBe(400);
    expect(((await badUuid.json()) as { code: string }).code).toBe('22P02');
    const forged = await post('/rpc/load_evidence', { p_interview: randomUUID() }, signJwt({ role: 'service_role' }, 'another-secret'));
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { code: string }).code).toBe('PGRST301');
    const expired = await post('/rpc/load_evidence', { p_interview: randomUUID() }, signJwt({ role: 'service_role', exp: 1 }, JWT_SECRET));
    expect(((await expired.json()) as { code: string }).code).toBe('PGRST303');
    // anon has no table grants on plain Postgres: permission denied is 401 for anonymous callers
    const anon = await fetch(`${server.url}/rest/v1/interviews?select=id`);
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as { code: string }).code).toBe('42501');
    const voidFn = await post('/rpc/report_step_progress', { p_job: randomUUID(), p_run: 1, p_step: 'transcribe', p_percent: 1, p_line: 'x' }, serviceKey());
    expect(voidFn.status).toBe(400); // fenced: the job does not exist
  });

  it('maps error bodies to typed store errors, others to SupabaseRpcError with the SQLSTATE', async () => {
    const t = new SupabaseTransport(server.url, serviceKey());
    await expect(t.call('load_job_context', { p_job: randomUUID() })).rejects.toBeInstanceOf(NotFoundError);
    const err = await t.call('load_evidence', { p_interview: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SupabaseRpcError);
    expect(err).toMatchObject({ code: '22P02' });
    const missing = await t.call('no_such_function', {}).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'PGRST202' });
    // a void function answers 204 and the driver returns null
    expect(await t.call('set_checkpoint', { p_job: randomUUID(), p_run: 1, p_step: 'x', p_values: {} }).catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
    const unreachable = new SupabaseTransport('http://127.0.0.1:9', serviceKey());
    await expect(unreachable.call('iflow_step_order', {})).rejects.toBeInstanceOf(Error);
    await t.close();
  });

  it('an authenticated user JWT is held to its account by RLS, over rpc() and from()', async () => {
    const A = randomUUID();
    const B = randomUUID();
    const service = createSupabaseStore(server.url, serviceKey());
    const b = await service.createInterview(newInterview(B));
    // only the service role writes (20261130200002_privileges.sql): A's interview comes from the server
    const a = await service.createInterview(newInterview(A));
    const asA = new SupabaseTransport(server.url, signJwt({ role: 'authenticated', sub: randomUUID(), app_metadata: { account_id: A } }, JWT_SECRET));
    expect(await asA.call('get_interview_report', { p_interview: b.interviewId })).toBeNull();
    expect(await asA.call('get_interview_report', { p_interview: a.interviewId })).toMatchObject({ accountId: A });
    await expect(asA.call('create_interview', { p: newInterview(B) })).rejects.toMatchObject({ code: '42501' });
    await expect(asA.call('create_interview', { p: newInterview(A) })).rejects.toMatchObject({ code: '42501' });
    const { data, error } = await asA.client.from('interviews').select('id,account_id').eq('account_id', B);
    expect(error).toBeNull();
    expect(data).toEqual([]);
    const own = await asA.client.from('interviews').select('id,account_id');
    expect(own.data).toEqual([{ id: a.interviewId, account_id: A }]);
    const all = await (service as unknown as { rpc: SupabaseTransport }).rpc.client.from('interviews').select('id').order('id');
    expect(all.data).toHaveLength(2);
    await asA.close();
    await service.close();
  });
});
