/**
 * GET /v1/projects/:id/themes and /personas: the per-interview themes and personas merged by name
 * (`data`, unchanged) and next to them the study-level ones of the latest committed synthesis
 * (`study`, empty before the first synthesis) with resolved quotes, `synthesis` naming the run;
 * another account's project is a 404. Real Redis/Postgres, local analyzer, eight interviews of
 * test/fixtures/synthesis (Anthropic Interviewer dataset, CC-BY).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { apiKeyHeaders, credentialAuthApp } from '../support/api-keys.js';
import { studyInterviews, waitForSynthesis } from '../support/synthesis-fixtures.js';

const A = randomUUID();
const B = randomUUID();
const PROJECT = randomUUID();
// enough interviews for the local synthesis to find a persona (two or more members)
const N = 8;
const QUESTIONS = ['How do creative professionals use AI tools in their work?', 'What worries them about AI?'];
type Quote = { id: string; verbatim: string; interviewId: string; startMs: number };

describe('project themes and personas with the study-level view', () => {
  let h: Harness;
  const keys: Record<string, { authorization: string }> = {};
  const as = (who: string) => keys[who]!;
  const get = (path: string, who = 'a') => http(h.baseUrl, 'GET', `/v1/projects/${PROJECT}/${path}`, undefined, as(who));
  const isQuote = (e: Quote) => expect(e).toMatchObject({ verbatim: expect.any(String), interviewId: expect.any(String), startMs: expect.any(Number) });

  beforeAll(async () => {
    // no synthesis until the test asks for one
    const env = { SYNTHESIS_DEBOUNCE_MS: '3600000' };
    h = await createHarness({
      env,
      app: credentialAuthApp(env),
    });
    for (const [name, accountId] of [['a', A], ['b', B]] as const) keys[name] = await apiKeyHeaders(h, accountId, name);
  }, 60_000);
  afterAll(async () => { await h?.close(); });

  it('per-interview data as before and study empty before the first synthesis; then the synthesis\' themes and personas with resolved quotes', async () => {
    for (const iv of studyInterviews(N)) {
      const res = await http(h.baseUrl, 'POST', '/v1/interviews', { ...iv, projectId: PROJECT, interviewers: ['AI', 'Assistant'], questions: QUESTIONS }, as('a'));
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      await h.waitForJob(res.body.analysisJobId, (j) => j.status === 'completed', 90_000);
    }
    const themesBefore = await get('themes');
    const personasBefore = await get('personas');
    for (const r of [themesBefore, personasBefore]) {
      expect(r.status).toBe(200);
      expect(r.body.study).toEqual([]);
      expect(r.body.synthesis).toBeNull();
    }
    expect(themesBefore.body.data.length).toBeGreaterThan(0);
    // the fields these routes returned before, unchanged
    for (const t of themesBefore.body.data) expect(Object.keys(t).sort()).toEqual(['id', 'interviewCount', 'name', 'participantCount', 'quotes', 'statement']);
    for (const p of personasBefore.body.data) {
      expect(Object.keys(p).sort()).toEqual(['description', 'goals', 'id', 'members', 'name', 'pains']);
      for (const m of p.members) expect(Object.keys(m).sort()).toEqual(['interviewId', 'name', 'personId', 'quotes']);
    }

    expect((await http(h.baseUrl, 'POST', `/v1/projects/${PROJECT}/synthesize`, {}, as('a'))).status).toBe(202);
    await waitForSynthesis(h.rt.store, h.rt.queues.get('synthesize'), PROJECT, N, 90_000);
    const synthesis = (await get('synthesis')).body;
    const run = { runId: synthesis.committedRun.id, generation: synthesis.committedRun.generation, finishedAt: synthesis.committedRun.finishedAt };

    const themes = await get('themes');
    expect(themes.status).toBe(200);
    expect(themes.body.synthesis).toEqual(run);
    expect(themes.body.data).toEqual(themesBefore.body.data);
    expect(synthesis.themes.length).toBeGreaterThan(0);
    expect(themes.body.study.map((t: { id: string }) => t.id)).toEqual(synthesis.themes.map((t: { id: string }) => t.id));
    let quoted = 0;
    for (const t of themes.body.study) {
      const expected = synthesis.themes.find((x: { id: string }) => x.id === t.id);
      expect(t).toMatchObject({ name: expected.name, statement: expected.statement, interviews: expected.interviews, participants: expected.participants, codes: expected.codes });
      const supporting = expected.evidence.filter((e: { role: string }) => e.role === 'supporting').map((e: { evidenceId: string }) => e.evidenceId);
      expect(t.evidenceIds).toEqual(supporting);
      // every supporting id resolved to its quote, in order
      expect(t.quotes.map((e: Quote) => e.id)).toEqual(t.evidenceIds);
      t.quotes.forEach(isQuote);
      expect(t.counterQuotes.map((e: Quote) => e.id)).toEqual(t.counterEvidenceIds);
      if (expected.quote) expect(t.quote).toMatchObject({ id: expected.quote.evidenceId, verbatim: expected.quote.verbatim });
      else expect(t.quote).toBeNull();
      quoted += t.quotes.length;
    }
    expect(quoted).toBeGreaterThan(0);

    const personas = await get('personas');
    expect(personas.status).toBe(200);
    expect(personas.body.synthesis).toEqual(run);
    expect(personas.body.data).toEqual(personasBefore.body.data);
    expect(synthesis.personas.length).toBeGreaterThan(0);
    expect(personas.body.study.map((p: { id: string }) => p.id)).toEqual(synthesis.personas.map((p: { id: string }) => p.id));
    for (const p of personas.body.study) {
      const expected = synthesis.personas.find((x: { id: string }) => x.id === p.id);
      expect(p).toMatchObject({ name: expected.name, description: expected.description });
      for (const kind of ['goals', 'pains'] as const) {
        expect(p[kind].map((g: { text: string; evidenceId: string }) => [g.text, g.evidenceId])).toEqual(expected[kind].map((g: { text: string; evidenceId: string }) => [g.text, g.evidenceId]));
        for (const g of p[kind]) { expect(g.quote.id).toBe(g.evidenceId); isQuote(g.quote); }
      }
      expect(p.members.map((m: { personId: string; reason: string }) => [m.personId, m.reason])).toEqual(expected.members.map((m: { personId: string; reason: string }) => [m.personId, m.reason]));
      for (const m of p.members) {
        expect(m.quotes.map((e: Quote) => e.id)).toEqual(m.evidenceIds);
        m.quotes.forEach(isQuote);
      }
    }

    // another account: not found, like a missing project
    for (const path of ['themes', 'personas']) {
      const other = await get(path, 'b');
      expect(other.status).toBe(404);
      expect(other.body.error.code).toBe('not_found');
      expect((await http(h.baseUrl, 'GET', `/v1/projects/${randomUUID()}/${path}`, undefined, as('a'))).status).toBe(404);
    }
  }, 240_000);

  it('the OpenAPI document describes the new fields', async () => {
    const doc = (await http(h.baseUrl, 'GET', '/openapi.json')).body;
    for (const [path, id] of [['themes', 'ProjectThemes'], ['personas', 'ProjectPersonas']] as const) {
      expect(doc.paths[`/v1/projects/{id}/${path}`].get.responses['200'].content['application/json'].schema).toEqual({ $ref: `#/components/schemas/${id}` });
      expect(Object.keys(doc.components.schemas[id].properties).sort()).toEqual(['data', 'study', 'synthesis']);
    }
    const themes = doc.components.schemas.ProjectThemes.properties;
    expect(themes.data.items.properties.quotes).toBeDefined();
    expect(themes.data.items.properties.evidenceIds).toBeUndefined();
    expect(Object.keys(themes.study.items.properties).sort()).toEqual(['codes', 'counterEvidenceIds', 'counterQuotes', 'evidenceIds', 'id', 'interviews', 'name', 'participants', 'quote', 'quotes', 'statement']);
    const personas = doc.components.schemas.ProjectPersonas.properties;
    expect(personas.data.items.properties.members.items.properties.quotes).toBeDefined();
    expect(personas.data.items.properties.members.items.properties.evidenceIds).toBeUndefined();
    const study = personas.study.items.properties;
    expect(Object.keys(study.members.items.properties).sort()).toEqual(['evidenceIds', 'interviewId', 'name', 'personId', 'quotes', 'reason']);
    expect(Object.keys(study.goals.items.properties).sort()).toEqual(['evidenceId', 'quote', 'text']);
  });
});
