import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createHarness, http, type Harness } from '../support/harness.js';
import { exampleQuestions, studyInterviews, waitForSynthesis } from '../support/synthesis-fixtures.js';

describe('project synthesis in the pipeline', () => {
  let h: Harness;
  const projectId = randomUUID();
  const N = 12;

  beforeAll(async () => {
    h = await createHarness({ env: { SYNTHESIS_DEBOUNCE_MS: '1500', SYNTHESIS_MAX_WAIT_MS: '60000', MAX_CONCURRENT_SUBMISSIONS: '50' } });
  }, 60_000);
  afterAll(async () => { await h?.close(); });

  it('many interviews finishing cause a few debounced syntheses, the last one covering all of them', async () => {
    const questions = exampleQuestions();
    const jobs = await Promise.all(studyInterviews(N).map(async (iv) => {
      const res = await http(h.baseUrl, 'POST', '/v1/interviews', { ...iv, projectId, questions, interviewers: ['AI', 'Assistant'] });
      expect(res.status).toBe(202);
      return res.body.analysisJobId as string;
    }));
    for (const id of jobs) await h.waitForJob(id, (j) => j.status === 'completed', 90_000);
    const synthesis = await waitForSynthesis(h.rt.store, h.rt.queues.get('synthesize'), projectId, N);
    const runs = await h.rt.store.listSynthesisRuns(projectId);
    // 12 completions, debounced per project: a handful of runs, never one per interview
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(4);
    console.log(`[synthesis] ${N} interviews -> ${runs.length} synthesis run(s): ${runs.map((r) => `g${r.generation} ${r.status} ${r.interviews} interviews`).join(', ')}`);
    expect(runs[0]!.status).toBe('completed');
    expect(synthesis.committedRun!.generation).toBe(runs[0]!.generation);
    expect(synthesis.answers.map((a) => a.question)).toEqual(questions);
    for (const a of synthesis.answers) {
      expect(a.interviewsTotal).toBe(N);
      for (const s of a.sentences) expect(s.evidenceIds.length).toBeGreaterThan(0);
      const cited = new Set(a.citations.map((c) => c.evidenceId));
      for (const s of a.sentences) for (const id of s.evidenceIds) expect(cited.has(id)).toBe(true);
    }
    console.log(synthesis.themes.map((t) => `  ${t.participants}p/${t.interviews}i ${t.name} [${t.codes.join(' | ')}]`).join('\n'));
    console.log(synthesis.answers.map((a) => `  ${a.question}\n    ${a.summary}`).join('\n'));
    expect(synthesis.themes.length).toBeGreaterThan(0);
    for (const t of synthesis.themes) {
      expect(t.participants).toBeGreaterThanOrEqual(2);
      expect(t.quote?.verbatim.length).toBeGreaterThan(0);
    }
  }, 180_000);

  it('API: GET synthesis and runs, POST synthesize forces a new generation; bad ids are 4xx', async () => {
    const before = await http(h.baseUrl, 'GET', `/v1/projects/${projectId}/synthesis-runs`);
    expect(before.status).toBe(200);
    const posted = await http(h.baseUrl, 'POST', `/v1/projects/${projectId}/synthesize`);
    expect(posted.status).toBe(202);
    const synthesis = await waitForSynthesis(h.rt.store, h.rt.queues.get('synthesize'), projectId, N);
    expect(synthesis.committedRun!.generation).toBe(before.body.runs[0].generation + 1);
    expect(synthesis.committedRun!.trigger).toBe('manual');
    const got = await http(h.baseUrl, 'GET', `/v1/projects/${projectId}/synthesis`);
    expect(got.status).toBe(200);
    expect(got.body.themes.map((t: { name: string }) => t.name)).toEqual(synthesis.themes.map((t) => t.name));
    // same interviews, same synthesis (the local analyzer is deterministic)
    const prior = await h.rt.store.listSynthesisRuns(projectId);
    expect(prior[0]!.interviews).toBe(N);

    expect((await http(h.baseUrl, 'GET', `/v1/projects/not-a-uuid/synthesis`)).status).toBe(400);
    const missing = await http(h.baseUrl, 'GET', `/v1/projects/${randomUUID()}/synthesis`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    expect((await http(h.baseUrl, 'POST', `/v1/projects/${randomUUID()}/synthesize`)).status).toBe(404);
    expect((await http(h.baseUrl, 'GET', `/v1/projects/${projectId}/synthesis-runs?limit=0`)).status).toBe(400);
  }, 120_000);
});
