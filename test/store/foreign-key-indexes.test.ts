import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db.js';

/**
 * Deleting or re-running an interview deletes rows by their parent (evidence, interview, ...):
 * without an index whose leading columns are the foreign key, each such delete scans the whole
 * child table. Every foreign key of the schema must have one.
 */

/** Known gaps, each to be closed by a migration of the tables' owner (then removed from here). */
const KNOWN_MISSING = [
  // project-level synthesis tables (20261130300001_synthesis.sql)
  'synthesis_answers(question_id)', 'synthesis_answers(run_id)', 'synthesis_personas(run_id)',
  'synthesis_themes(quote_evidence_id)', 'synthesis_themes(run_id)',
];
describe('foreign keys', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('each has an index starting with its columns', async () => {
    const { rows } = await client.query(`
      select c.conrelid::regclass::text as tbl, c.conname,
             (select string_agg(a.attname, ', ' order by k.i) from unnest(c.conkey) with ordinality k(n, i)
              join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) as cols
      from pg_constraint c join pg_namespace s on s.oid = c.connamespace
      where c.contype = 'f' and s.nspname = 'public'
        and not exists (select 1 from pg_index i where i.indrelid = c.conrelid
                        and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] = c.conkey)
      order by 1, 2`);
    expect(rows.map((r) => `${r.tbl}(${r.cols})`)).toEqual(KNOWN_MISSING);
  });
});
