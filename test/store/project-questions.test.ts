import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useStoreDatabase } from '../support/store-db.js';
import { newInterview } from './fixtures.js';

/**
 * create_interview adds the questions a project lacks (migration 2026120610001, one statement):
 * in the order given, the first of several with the same key, positions after the project's last.
 */
describe('project questions added by a submission', () => {
  const t = useStoreDatabase();

  const questions = async (projectId: string) =>
    (await t.raw.query('select position, question, question_key from project_questions where project_id = $1 order by position', [projectId])).rows
      .map((r) => `${r.position}:${r.question}`);

  it('keep the order given, skip repeats and known keys, and number on from the last', async () => {
    const account = randomUUID();
    const project = randomUUID();
    await t.store.createInterview(newInterview(account, project, { questions: ['Why  now?', ' why now? ', 'How much?'] }));
    expect(await questions(project)).toEqual(['1:Why  now?', '2:How much?']);
    await t.store.createInterview(newInterview(account, project, { questions: ['how much?', 'Who pays?', 'WHO PAYS?', 'When?'] }));
    expect(await questions(project)).toEqual(['1:Why  now?', '2:How much?', '3:Who pays?', '4:When?']);
    await t.store.createInterview(newInterview(account, project, { questions: ['When?', 'why now?'] }));
    await t.store.createInterview(newInterview(account, project, { questions: [] }));
    expect(await questions(project)).toEqual(['1:Why  now?', '2:How much?', '3:Who pays?', '4:When?']);
    // another project numbers from 1
    const other = randomUUID();
    await t.store.createInterview(newInterview(account, other, { questions: ['When?'] }));
    expect(await questions(other)).toEqual(['1:When?']);
  });
});
