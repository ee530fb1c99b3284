/**
 * GET /v1/projects/:id/answers: every interview's answer per research question (unchanged), and
 * next to them the study-level answer of the latest committed synthesis with the quotes each
 * sentence cites; another account's project is a 404. Real Redis/Postgres, local analyzer,
 * three interviews of test/fixtures/synthesis (Anthropic Interviewer dataset, CC-BY).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { apiKeyHeaders, credentialAuthApp } from '../support/api-keys.js';
import { studyInterviews, waitForSynthesis } from '../support/synthesis-fixtures.js';

const A = randomUUID();
const B = randomUUID();
const PROJECT = randomUUID();
const QUESTIONS = ['How do creative professionals use AI tools in their work?', 'What worries them about AI?'];

describe('project answers with the study-level answer', () => {
  let h: Harness;
  const keys: Record<string, { authorization: string }> = {};
  const as = (who: string) => keys[who]!;

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

  it('per-interview answers as before, study null before the first synthesis; then each question\'s study-level answer with cited quotes', async () => {
    for (const iv of studyInterviews(3)) {
      const res = await http(h.baseUrl, 'POST', '/v1/interviews', { ...iv, projectId: PROJECT, interviewers: ['AI', 'Assistant'], questions: QUESTIONS }, as('a'));
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      await h.waitForJob(res.body.analysisJobId, (j) => j.status === 'completed', 90_000);
    }
    const before = await http(h.baseUrl, 'GET', `/v1/projects/${PROJECT}/answers`, undefined, as('a'));
    expect(before.status).toBe(200);
    expect(before.body.synthesis).toBeNull();
    expect(before.body.data.map((q: { text: string }) => q.text).sort()).toEqual([...QUESTIONS].sort());
    for (const q of before.body.data) {
      expect(q.study).toBeNull();
      // the fields this route returned before, unchanged
      expect(Object.keys(q).sort()).toEqual(['answers', 'id', 'study', 'text']);
      expect(q.answers).toHaveLength(3);
      for (const a of q.answers) expect(Object.keys(a).sort()).toEqual(['answer', 'confidence', 'interviewId', 'quotes', 'status']);
    }

    expect((await http(h.baseUrl, 'POST', `/v1/projects/${PROJECT}/synthesize`, {}, as('a'))).status).toBe(202);
    await waitForSynthesis(h.rt.store, h.rt.queues.get('synthesize'), PROJECT, 3, 90_000);
    const synthesis = (await http(h.baseUrl, 'GET', `/v1/projects/${PROJECT}/synthesis`, undefined, as('a'))).body;
    const after = await http(h.baseUrl, 'GET', `/v1/projects/${PROJECT}/answers`, undefined, as('a'));
    expect(after.status).toBe(200);
    expect(after.body.synthesis).toEqual({ runId: synthesis.committedRun.id, generation: synthesis.committedRun.generation, finishedAt: synthesis.committedRun.finishedAt });
    // the per-interview part is what it was
    expect(after.body.data.map((q: { answers: unknown }) => q.answers)).toEqual(before.body.data.map((q: { answers: unknown }) => q.answers));
    let cited = 0;
    for (const q of after.body.data) {
      const expected = synthesis.answers.find((a: { questionId: string }) => a.questionId === q.id);
      expect(q.study).toMatchObject({
        status: expected.status, summary: expected.summary,
        participantsSupporting: expected.participantsSupporting, participantsTotal: expected.participantsTotal,
        interviewsAddressed: expected.interviewsAddressed, interviewsTotal: expected.interviewsTotal,
      });
      expect(q.study.sentences.map((s: { text: string }) => s.text)).toEqual(expected.sentences.map((s: { text: string }) => s.text));
      for (const s of q.study.sentences) {
        // every cited id resolved to its quote, in order
        expect(s.quotes.map((e: { id: string }) => e.id)).toEqual(s.evidenceIds);
        for (const e of s.quotes) expect(e).toMatchObject({ verbatim: expect.any(String), interviewId: expect.any(String), startMs: expect.any(Number) });
        cited += s.quotes.length;
      }
    }
    expect(cited).toBeGreaterThan(0);

    // another account: not found, like a missing project
    const other = await http(h.baseUrl, 'GET', `/v1/projects/${PROJECT}/answers`, undefined, as('b'));
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('not_found');
    expect((await http(h.baseUrl, 'GET', `/v1/projects/${randomUUID()}/answers`, undefined, as('a'))).status).toBe(404);
  }, 240_000);

  it('the OpenAPI document describes the new fields', async () => {
    const doc = (await http(h.baseUrl, 'GET', '/openapi.json')).body;
    const schema = doc.paths['/v1/projects/{id}/answers'].get.responses['200'].content['application/json'].schema;
    expect(schema).toEqual({ $ref: '#/components/schemas/ProjectAnswers' });
    const answers = doc.components.schemas.ProjectAnswers;
    expect(Object.keys(answers.properties).sort()).toEqual(['data', 'synthesis']);
    const question = answers.properties.data.items.properties;
    expect(Object.keys(question).sort()).toEqual(['answers', 'id', 'study', 'text']);
    expect(question.answers.items.properties.quotes).toBeDefined();
    expect(question.answers.items.properties.evidenceIds).toBeUndefined();
    expect(question.study.type).toEqual(['object', 'null']);
    expect(question.study.properties.status.enum).toEqual(['answered', 'partially_answered', 'not_enough_evidence']);
    expect(Object.keys(question.study.properties.sentences.items.properties).sort()).toEqual(['evidenceIds', 'participants', 'quotes', 'text']);
  });
});
