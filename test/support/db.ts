import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { migrate } from '../../src/store/migrate.js';

/** The server tests run against (a real Postgres; .ci/run starts it). */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Creates a fresh database with all migrations applied; one per test file keeps files
 * independent. Returns its URL and a drop function.
 */
export async function createTestDatabase(prefix = 'iflow_t'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = databaseUrl(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await migrate({
    exec: async (sql) => { await client.query(sql); },
    query: (sql, params) => client.query(sql, params),
  });
  await client.end();
  return {
    url,
    name,
    async drop() {
      const a = new pg.Client({ connectionString: TEST_PG_URL });
      await a.connect();
      // let pools that are closing finish first: killing a connection in the middle of its
      // shutdown surfaces as an uncaught "terminating connection" error in the test process
      for (let i = 0; i < 50; i++) {
        const { rows } = await a.query('select count(*)::int n from pg_stat_activity where datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** A queue prefix unique to one test file (keeps BullMQ keys apart on the shared Redis). */
export function testQueuePrefix(): string {
  return `{iflowt${randomBytes(4).toString('hex')}}`;
}
