import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createHarness, http, type Harness } from '../support/harness.js';
import { CREATIVES_0 } from '../report/support/audio-interview.js';

/**
 * A project's codebook through the real API (issue 15: "a `codebook` field on the API"): validated
 * with the codebook files' zod schema, stored on the project that the submission creates, and used
 * by the local analyzer's insights step for that project only.
 */
describe('POST /v1/interviews with a codebook', () => {
  let h: Harness;
  let transcript: string;
  let codebook: { codes: { name: string }[] };
  beforeAll(async () => {
    h = await createHarness();
    transcript = await readFile(CREATIVES_0, 'utf8');
    codebook = JSON.parse(await readFile(new URL('../../examples/codebooks/ai-at-work.json', import.meta.url), 'utf8'));
  });
  afterAll(async () => { await h?.close(); });

  const submit = (projectId: string, extra: Record<string, unknown> = {}) =>
    http(h.baseUrl, 'POST', '/v1/interviews', { transcript, projectId, interviewers: ['AI', 'Assistant'], ...extra });
  async function sql<T>(text: string, values: unknown[]): Promise<T[]> {
    const c = new pg.Client({ connectionString: h.databaseUrl });
    await c.connect();
    try { return (await c.query(text, values)).rows as T[]; } finally { await c.end(); }
  }
  async function themeNames(jobId: string, projectId: string) {
    await h.waitForJob(jobId, (j) => j.status === 'completed', 90_000);
    return (await sql<{ name: string }>('select name from themes where project_id = $1', [projectId])).map((r) => r.name);
  }

  it('refuses a bad codebook with 400 naming the problem, and creates nothing', async () => {
    const project = randomUUID();
    for (const [bad, field] of [
      [{ codes: [] }, 'codebook.codes'],
      [{ codes: [{ name: '', statement: 's', inclusionCriteria: '' }] }, 'codebook.codes.0.name'],
      [{ codes: [{ name: 'x', statement: 's', inclusionCriteria: '', cues: 'not a list' }] }, 'codebook.codes.0.cues'],
      ['a string', 'codebook'],
    ] as const) {
      const r = await submit(project, { codebook: bad });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
      expect(r.body.error.message).toContain(`${field}:`);
    }
    expect(await sql('select id from projects where id = $1', [project])).toEqual([]);
  });

  it("codes the project's interviews with its codebook; a project without one stays inductive", async () => {
    const coded = randomUUID();
    const plain = randomUUID();
    const a = await submit(coded, { codebook });
    const b = await submit(plain);
    expect([a.status, b.status]).toEqual([202, 202]);
    const stored = await sql<{ codebook: { codes: { name: string }[] } }>('select codebook from projects where id = $1', [coded]);
    expect(stored[0]!.codebook.codes.map((c) => c.name)).toEqual(codebook.codes.map((c) => c.name));
    const names = new Set(codebook.codes.map((c) => c.name.toLowerCase()));
    const codedThemes = await themeNames(a.body.analysisJobId, coded);
    const plainThemes = await themeNames(b.body.analysisJobId, plain);
    expect(codedThemes.filter((n) => names.has(n.toLowerCase())).length).toBeGreaterThan(0);
    expect(plainThemes.length).toBeGreaterThan(0);
    expect(plainThemes.filter((n) => names.has(n.toLowerCase()))).toEqual([]);

    // later submissions: the same codebook again is fine, another one (or one for a project
    // whose interviews were coded without) is refused with a message saying why
    expect((await submit(coded, { codebook })).status).toBe(202);
    const other = await submit(coded, { codebook: { codes: [codebook.codes[0]] } });
    expect(other.status).toBe(400);
    expect(other.body.error.message).toMatch(/already has a different codebook/);
    const late = await submit(plain, { codebook });
    expect(late.status).toBe(400);
    expect(late.body.error.message).toMatch(/already has interviews without a codebook/);
    expect(await sql('select count(*)::int as n from interviews where project_id = $1', [plain])).toEqual([{ n: 1 }]);
  });

  it('documents the field in the OpenAPI document (generated from the same schema)', async () => {
    const doc = await http(h.baseUrl, 'GET', '/openapi.json');
    const body = doc.body.paths['/v1/interviews'].post.requestBody.content['application/json'].schema;
    expect(body.properties.codebook.properties.codes.type).toBe('array');
  });
});
