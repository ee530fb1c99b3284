import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db.js';

/**
 * The functions every step start and commit runs keep their plans per connection (migration
 * 20261202100002): a SQL-language function whose body has a FROM clause is planned again at
 * every call, which cost about a fifth of the database's CPU per interview. A later migration
 * that re-creates one of them in SQL must do so knowingly.
 */
const STEP_PATH = [
  'load_utterances', 'load_evidence', 'load_people', 'load_project_personas', 'load_questions', 'get_interview_report', 'load_summary_facts',
  'iflow_step_done', 'iflow_stored_result', 'iflow_step_order', 'iflow_step_deps', 'iflow_step_prerequisites', 'iflow_step_count',
  'iflow_step_inputs', 'load_job_context', 'iflow_fence', 'iflow_complete_step', 'start_step',
];

describe('functions on the step path', () => {
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

  it('are PL/pgSQL, so their plans are cached per connection', async () => {
    const { rows } = await client.query(
      `select p.proname, l.lanname from pg_proc p join pg_language l on l.oid = p.prolang
       join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = any($1)`, [STEP_PATH]);
    expect(Object.fromEntries(rows.map((r) => [r.proname, r.lanname]))).toEqual(Object.fromEntries(STEP_PATH.map((f) => [f, 'plpgsql'])));
  });
});
