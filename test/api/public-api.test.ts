import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createHarness, http, type Harness } from '../support/harness.js';
import { CREATIVES_0 } from '../report/support/audio-interview.js';

/** Reads a Server-Sent Events stream until it ends or `until` says stop; returns the events. */
async function readEvents(url: string, until: (events: { event: string; data: any }[]) => boolean, timeoutMs = 60_000) {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  const res = await fetch(url, { signal: ac.signal });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: { event: string; data: any }[] = [];
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for await (const chunk of res.body!) {
      buf += decoder.decode(chunk as Uint8Array, { stream: true });
      let at: number;
      while ((at = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, at);
        buf = buf.slice(at + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
      if (until(events)) break;
    }
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  return events;
}

describe('the public API: OpenAPI, lists, idempotency, live progress', () => {
  let h: Harness;
  let transcript: string;
  const project = randomUUID();
  beforeAll(async () => {
    h = await createHarness({ env: { LOCAL_ANALYZER_DELAY_MS: '150' } });
    transcript = await readFile(CREATIVES_0, 'utf8');
  });
  afterAll(async () => { await h?.close(); });

  const submit = (extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    http(h.baseUrl, 'POST', '/v1/interviews', { transcript, projectId: project, interviewers: ['AI', 'Assistant'], ...extra }, headers);

  it('serves an OpenAPI 3.1 document generated from the schemas, and a docs page from local assets', async () => {
    const doc = await http(h.baseUrl, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    for (const path of ['/v1/interviews', '/v1/analysis-jobs/{id}', '/v1/analysis-jobs/{id}/events', '/v1/projects',
      '/v1/projects/{id}/interviews', '/v1/projects/{id}/analysis-jobs', '/v1/projects/{id}/themes', '/v1/projects/{id}/report',
      '/v1/webhooks', '/v1/webhooks/{id}', '/v1/webhooks/{id}/deliveries']) {
      expect(doc.body.paths[path], path).toBeDefined();
    }
    // the request body is the zod schema the route parses with (strict: unknown fields refused)
    const body = doc.body.paths['/v1/interviews'].post.requestBody.content['application/json'].schema;
    expect(body.properties.externalId).toBeDefined();
    expect(doc.body.paths['/v1/webhooks'].post.requestBody.content['application/json'].schema.properties.url).toBeDefined();
    expect(doc.body.webhooks.completion.post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/WebhookEvent' });
    expect(doc.body.components.schemas.WebhookEvent.properties.type).toBeDefined();
    expect(body.additionalProperties).toBe(false);
    expect(Object.keys(doc.body.components.schemas.AnalysisJob.properties)[0]).toBe('status');

    const page = await fetch(`${h.baseUrl}/docs`);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const asset = /src="([^"]+swagger-ui-bundle\.js)"/.exec(html)![1]!;
    const js = await fetch(h.baseUrl + asset);
    expect(js.status).toBe(200);
    expect((await js.text()).length).toBeGreaterThan(100_000);
  });

  it('the same Idempotency-Key or externalId returns the first interview, even when sent concurrently', async () => {
    const first = await submit({}, { 'idempotency-key': 'call-42' });
    expect(first.status).toBe(202);
    const again = await Promise.all([1, 2, 3].map(() => submit({}, { 'idempotency-key': 'call-42' })));
    for (const r of again) {
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ interviewId: first.body.interviewId, analysisJobId: first.body.analysisJobId, existing: true });
    }
    const racing = await Promise.all([1, 2, 3, 4].map(() => submit({ externalId: 'row-7' })));
    expect(new Set(racing.map((r) => r.body.interviewId)).size).toBe(1);
    expect(racing.filter((r) => r.status === 202)).toHaveLength(1);
    const mismatch = await submit({ externalId: 'a' }, { 'idempotency-key': 'b' });
    expect(mismatch).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });

    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query('select count(*)::int as n from interviews where project_id = $1', [project]);
      expect(rows[0].n).toBe(2);
    } finally {
      await db.end();
    }
  });

  it('streams a job\'s progress as Server-Sent Events until it completes; job responses lead with status', async () => {
    const created = await submit();
    const events = await readEvents(`${h.baseUrl}/v1/analysis-jobs/${created.body.analysisJobId}/events`, () => false);
    expect(events.length).toBeGreaterThan(2);
    expect(events.every((e) => e.event === 'job' && e.data.id === created.body.analysisJobId)).toBe(true);
    expect(events.at(-1)!.data.status).toBe('completed');
    const progress = events.map((e) => e.data.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.data.currentStep)).size).toBeGreaterThan(2);

    const job = await http(h.baseUrl, 'GET', `/v1/analysis-jobs/${created.body.analysisJobId}`);
    expect(Object.keys(job.body)[0]).toBe('status');
    expect(job.body).not.toHaveProperty('workflowState');
    expect(job.body).not.toHaveProperty('flowRun');
    expect(job.body.links.events).toBe(`/v1/analysis-jobs/${created.body.analysisJobId}/events`);
  });

  it('streams every job of a project', async () => {
    const other = randomUUID();
    const seen = readEvents(`${h.baseUrl}/v1/projects/${project}/events`, (ev) => ev.some((e) => e.data.status === 'completed'));
    await new Promise((r) => setTimeout(r, 300));
    await http(h.baseUrl, 'POST', '/v1/interviews', { transcript, projectId: other, interviewers: ['AI'] });
    const mine = await submit({ title: 'streamed' });
    const events = await seen;
    expect(events.every((e) => e.data.projectId === project)).toBe(true);
    expect(events.some((e) => e.data.id === mine.body.analysisJobId && e.data.status === 'completed')).toBe(true);
    const missing = await http(h.baseUrl, 'GET', `/v1/projects/${randomUUID()}/events`);
    expect(missing.status).toBe(404);
  });

  it('lists projects, interviews and jobs with cursor pagination and a status filter', async () => {
    for (const j of (await http(h.baseUrl, 'GET', `/v1/projects/${project}/analysis-jobs?limit=200`)).body.data) {
      await h.waitForJob(j.id, (x) => x.status === 'completed' || x.status === 'failed');
    }
    const all: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = await http(h.baseUrl, 'GET', `/v1/projects/${project}/interviews?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      all.push(...page.body.data.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(all).toHaveLength(4);
    expect(new Set(all).size).toBe(4);
    expect(pages).toBe(2);
    const keyed = (await http(h.baseUrl, 'GET', `/v1/projects/${project}/interviews?limit=10`)).body.data;
    expect(keyed.map((i: { externalId: string | null }) => i.externalId).filter(Boolean).sort()).toEqual(['call-42', 'row-7']);

    const ready = await http(h.baseUrl, 'GET', `/v1/projects/${project}/interviews?status=ready`);
    expect(ready.body.data).toHaveLength(4);
    const failed = await http(h.baseUrl, 'GET', `/v1/projects/${project}/analysis-jobs?status=failed`);
    expect(failed.body).toEqual({ data: [], nextCursor: null });
    const jobs = await http(h.baseUrl, 'GET', `/v1/projects/${project}/analysis-jobs?status=completed&limit=3`);
    expect(jobs.body.data).toHaveLength(3);
    expect(Object.keys(jobs.body.data[0])[0]).toBe('status');
    expect(jobs.body.nextCursor).toEqual(expect.any(String));

    const projects = await http(h.baseUrl, 'GET', '/v1/projects?limit=200');
    expect(projects.body.data.map((p: { id: string }) => p.id)).toContain(project);

    const themes = await http(h.baseUrl, 'GET', `/v1/projects/${project}/themes`);
    expect(themes.body.data.length).toBeGreaterThan(0);
    expect(themes.body.data[0].quotes[0]).toMatchObject({ verbatim: expect.any(String), startMs: expect.any(Number) });
    const answers = await http(h.baseUrl, 'GET', `/v1/projects/${project}/answers`);
    expect(answers.status).toBe(200);
    const personas = await http(h.baseUrl, 'GET', `/v1/projects/${project}/personas`);
    expect(personas.status).toBe(200);

    // Bull Board: each job named after its step, interview title and run, linking to the interview's page
    const board = await http(h.baseUrl, 'GET', '/admin/queues/api/queues?activeQueue=evidence&status=completed&page=1&jobsPerPage=50');
    expect(board.status).toBe(200);
    const evidence = board.body.queues.find((q: { name: string }) => q.name === 'evidence');
    expect(evidence.description).toMatch(/verbatim quotes/);
    const jobNames = evidence.jobs.map((j: { name: string }) => j.name);
    // "evidence · <title> · run 1", or the interview id's start for an untitled one
    for (const i of keyed as { id: string; title: string | null }[]) {
      expect(jobNames).toContain(`evidence · ${i.title ?? `interview ${i.id.slice(0, 8)}`} · run 1`);
    }
    expect(jobNames).toContain('evidence · streamed · run 1');
    expect(evidence.jobs[0].externalUrl.href).toMatch(/^\/v1\/interviews\/[0-9a-f-]{36}\/report#timeline$/);

    expect((await http(h.baseUrl, 'GET', '/v1/projects?cursor=garbage')).body.error.code).toBe('invalid_cursor');
    expect((await http(h.baseUrl, 'GET', `/v1/projects/${project}/interviews?status=done`)).status).toBe(400);
    expect((await http(h.baseUrl, 'GET', '/v1/projects?limit=0')).status).toBe(400);
    expect((await http(h.baseUrl, 'GET', `/v1/projects/${randomUUID()}/themes`)).status).toBe(404);
  });
});
