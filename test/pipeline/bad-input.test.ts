import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { createHarness, http, type Harness } from '../support/harness.js';

describe('bad input is refused with a clear 4xx and writes nothing', () => {
  let h: Harness;
  let db: pg.Client;
  beforeAll(async () => {
    h = await createHarness({ workers: false });
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
  });
  afterAll(async () => { await db?.end(); await h?.close(); });

  async function written() {
    const { rows: [r] } = await db.query(`select (select count(*) from interviews)::int as i,
      (select count(*) from analysis_jobs)::int as j, (select count(*) from projects)::int as p,
      (select count(*) from project_questions)::int as q`);
    const queued = await h.rt.queues.get('transcribe').count();
    return { ...r, queued };
  }

  const cases: [string, string, string, unknown, number, RegExp][] = [
    ['invalid JSON', 'POST', '/v1/interviews', '{"transcript": "User: hi', 400, /not valid JSON/],
    ['missing transcript', 'POST', '/v1/interviews', { title: 'x' }, 400, /exactly one of `transcript`/],
    ['empty transcript', 'POST', '/v1/interviews', { transcript: '   \n ' }, 400, /empty/],
    ['no participant turns', 'POST', '/v1/interviews', { transcript: 'AI: What do you do?\n\nAI: And why?', interviewers: ['AI'] }, 400, /no participant turns/],
    ['unknown field', 'POST', '/v1/interviews', { transcript: 'AI: Hi?\n\nUser: Hello there.', colour: 'red' }, 400, /colour/],
    ['wrong type', 'POST', '/v1/interviews', { transcript: 42 }, 400, /transcript/],
    ['malformed project id', 'POST', '/v1/interviews', { transcript: 'AI: Hi?\n\nUser: Hello there.', projectId: 'p1' }, 400, /projectId/],
    ['malformed job id', 'GET', '/v1/analysis-jobs/not-a-uuid', undefined, 400, /UUID/],
    ['unknown job id', 'GET', `/v1/analysis-jobs/${randomUUID()}`, undefined, 404, /not found/],
    ['resume unknown job', 'POST', `/v1/analysis-jobs/${randomUUID()}/resume`, {}, 404, /not found/],
    ['resume from unknown step', 'POST', `/v1/analysis-jobs/${randomUUID()}/resume`, { resumeFrom: 'dance' }, 400, /resumeFrom/],
    ['malformed interview id', 'GET', '/v1/interviews/123', undefined, 400, /UUID/],
    ['unknown interview id', 'GET', `/v1/interviews/${randomUUID()}`, undefined, 404, /not found/],
    ['malformed JSON utterances', 'POST', '/v1/interviews', { transcript: [{ speaker: '', text: 'x' }] }, 400, /speaker/],
  ];

  it.each(cases)('%s', async (_name, method, path, body, status, message) => {
    const before = await written();
    const res = await http(h.baseUrl, method, path, body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toEqual(expect.any(String));
    expect(res.body.error.message).toMatch(message);
    expect(await written()).toEqual(before);
  });

  it('a non-JSON content type gets 415', async () => {
    const res = await fetch(`${h.baseUrl}/v1/interviews`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });
});
