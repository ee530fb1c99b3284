import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresTransport, keepsConnection } from '../../src/store/postgres/transport.js';
import { RpcStore } from '../../src/store/rpc-store.js';
import { NotFoundError } from '../../src/domain/run-errors.js';
import { loadConfig } from '../../src/config/index.js';
import { createTestDatabase } from '../support/db.js';

/** The Postgres driver's calls run as named statements, prepared once per connection (or not, when switched off). */
describe('prepared statements of the Postgres driver', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => { await db?.drop(); });

  // one connection, so the statements listed are the calls' own
  const prepared = async (t: PostgresTransport) =>
    (await t.pool.query(`select statement from pg_prepared_statements where name like 'iflow_rpc_%'`)).rows.map((r) => r.statement as string);

  it('prepares each call statement once and reuses it; errors keep their types', async () => {
    const transport = new PostgresTransport(db.url, { max: 1 });
    const store = new RpcStore(transport);
    try {
      const backend = async () => (await transport.pool.query('select pg_backend_pid() as pid')).rows[0]!.pid as number;
      const pid = await backend();
      // an error the server reports keeps the connection (and its prepared statements)
      await expect(store.loadAnalysisJobContext(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.loadAnalysisJobContext(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
      for (let i = 0; i < 3; i++) expect(await store.getAnalysisJob(randomUUID())).toBeNull();
      expect(await store.llmSpendByStep(randomUUID())).toEqual([]);
      expect(await backend()).toBe(pid);
      const statements = await prepared(transport);
      expect(statements).toHaveLength(3);
      expect(statements.filter((s) => s.includes('public.load_job_context('))).toHaveLength(1);
      expect(statements.filter((s) => s.includes('public.get_analysis_job('))).toHaveLength(1);
      expect(statements.filter((s) => s.includes('public.llm_spend_by_step('))).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('discards a connection only on connection errors', () => {
    const reported = (code: string) => Object.assign(new pg.DatabaseError('reported', 1, 'error'), { code });
    expect(keepsConnection(reported('IFSTL'))).toBe(true); // fencing: a stale run
    expect(keepsConnection(reported('40001'))).toBe(true);
    expect(keepsConnection(reported('57P01'))).toBe(false); // admin shutdown
    expect(keepsConnection(reported('08006'))).toBe(false);
    expect(keepsConnection(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(keepsConnection(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(false);
  });

  it('sends unnamed statements when switched off (DATABASE_PREPARED_STATEMENTS=false)', async () => {
    const config = loadConfig({ DATABASE_URL: db.url, DATABASE_PREPARED_STATEMENTS: 'false' });
    expect(config.database).toMatchObject({ kind: 'postgres', preparedStatements: false });
    expect(loadConfig({ DATABASE_URL: db.url }).database).toMatchObject({ preparedStatements: true });
    const transport = new PostgresTransport(db.url, { max: 1, prepared: false });
    const store = new RpcStore(transport);
    try {
      expect(await store.getAnalysisJob(randomUUID())).toBeNull();
      expect(await prepared(transport)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
