import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcStore } from '../../src/store/rpc-store.js';
import { PostgresTransport } from '../../src/store/postgres/transport.js';
import { createTestDatabase } from '../support/db.js';
import { newInterview } from './fixtures.js';

/**
 * create_interview adds the questions a project lacks (migration 2026120610001, one statement):
 * in the order given, the first of several with the same key, positions after the project's last.
 */
describe('project questions added by a submission', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let raw: pg.Pool;
  let store: RpcStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    raw = new pg.Pool({ connectionString: db.url, max: 2 });
    raw.on('error', () => {});
    store = new RpcStore(new PostgresTransport(db.url, { max: 2 }));
  });
  afterAll(async () => {
    await store?.close();
    await raw?.end();
    await db?.drop();
  });

  const questions = async (projectId: string) =>
    (await raw.query('select position, question, question_key from project_questions where project_id = $1 order by position', [projectId])).rows
      .map((r) => `${r.position}:${r.question}`);

  it('keep the order given, skip repeats and known keys, and number on from the last', async () => {
    const account = randomUUID();
    const project = randomUUID();
    await store.createInterview(newInterview(account, project, { questions: ['Why  now?', ' why now? ', 'How much?'] }));
    expect(await questions(project)).toEqual(['1:Why  now?', '2:How much?']);
    await store.createInterview(newInterview(account, project, { questions: ['how much?', 'Who pays?', 'WHO PAYS?', 'When?'] }));
    expect(await questions(project)).toEqual(['1:Why  now?', '2:How much?', '3:Who pays?', '4:When?']);
    await store.createInterview(newInterview(account, project, { questions: ['When?', 'why now?'] }));
    await store.createInterview(newInterview(account, project, { questions: [] }));
    expect(await questions(project)).toEqual(['1:Why  now?', '2:How much?', '3:Who pays?', '4:When?']);
    // another project numbers from 1
    const other = randomUUID();
    await store.createInterview(newInterview(account, other, { questions: ['When?'] }));
    expect(await questions(other)).toEqual(['1:When?']);
  });
});
