import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { apiKeyHeaders, credentialAuthApp } from '../support/api-keys.js';
import { verifySignature } from '../../src/webhooks/signature.js';
import { enqueueWebhookEvent } from '../../src/flows/enqueue-webhooks.js';
import { analysisJobEvent } from '../../src/webhooks/events.js';
import { bullJobId } from '../../src/flows/bull-job-ids.js';

/**
 * Completion webhooks end to end, with a real local HTTP receiver: an analysis job that
 * completes, one that fails and the project's synthesis each reach the endpoint once, signed;
 * a receiver failing twice then succeeding gets three attempts in the delivery log; one
 * answering 4xx forever ends failed; another account cannot read or remove the endpoint.
 */

const A = randomUUID();
const B = randomUUID();
const PROJECT = randomUUID();
const SECRET = 'a-secret-the-caller-chose-0123456789';
const TRANSCRIPT = 'AI: What tools do you use at work?\n\nUser: Mostly Figma, and I hate exporting assets because it takes ages every single week.\n\nAI: Why?\n\nUser: Because the export dialog forgets my settings, so I redo them for every screen.';

interface Received { path: string; headers: IncomingHttpHeaders; body: string }

describe('completion webhooks', () => {
  let h: Harness;
  let receiver: Server;
  let base: string;
  const received: Received[] = [];
  const flakyCalls = { n: 0 };
  const keys: Record<string, { authorization: string }> = {};
  const ids: Record<string, string> = {};
  const as = (who: string) => keys[who]!;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body });
        if (req.url === '/flaky') {
          flakyCalls.n += 1;
          res.writeHead(flakyCalls.n <= 2 ? 500 : 200).end(flakyCalls.n <= 2 ? 'try later' : 'ok');
        } else if (req.url === '/reject') {
          res.writeHead(400).end('no thanks');
        } else {
          res.writeHead(200).end('ok');
        }
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    const env = { QUEUE_WEBHOOKS_ATTEMPTS: '3', QUEUE_WEBHOOKS_BACKOFF_MS: '100', SYNTHESIS_DEBOUNCE_MS: '200' };
    h = await createHarness({
      env,
      // the test/loopback mode: loopback URLs allowed (as for mediaUrl), never other private ranges
      overrides: { transcriberOptions: { allowLoopback: true } },
      app: credentialAuthApp(env),
    });
    for (const [name, accountId] of [['a', A], ['b', B]] as const) keys[name] = await apiKeyHeaders(h, accountId, name);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  });

  it('registers endpoints under the URL policy, with the secret shown once', async () => {
    // the project exists once it has an interview; the failing one is submitted later
    const first = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: TRANSCRIPT, title: 'Interview with Ana', projectId: PROJECT }, as('a'));
    expect(first.status).toBe(202);
    ids.completedJob = first.body.analysisJobId;

    const ok = await http(h.baseUrl, 'POST', '/v1/webhooks', { url: `${base}/ok`, projectId: PROJECT, secret: SECRET, description: 'all events' }, as('a'));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ url: `${base}/ok`, projectId: PROJECT, secret: SECRET, events: ['analysis_job.completed', 'analysis_job.failed', 'synthesis.completed'] });
    ids.ok = ok.body.id;
    const flaky = await http(h.baseUrl, 'POST', '/v1/webhooks', { url: `${base}/flaky`, events: ['analysis_job.completed'] }, as('a'));
    expect(flaky.status).toBe(201);
    expect(flaky.body.secret).toMatch(/^whsec_[\w-]{40,}$/);
    expect(flaky.body.projectId).toBeNull();
    ids.flaky = flaky.body.id;
    const reject = await http(h.baseUrl, 'POST', '/v1/webhooks', { url: `${base}/reject`, projectId: PROJECT, events: ['analysis_job.completed'] }, as('a'));
    ids.reject = reject.body.id;

    const list = await http(h.baseUrl, 'GET', '/v1/webhooks', undefined, as('a'));
    expect(list.body.data.map((e: { id: string }) => e.id).sort()).toEqual([ids.ok, ids.flaky, ids.reject].sort());
    expect(JSON.stringify(list.body)).not.toContain('secret');

    // refused: private, metadata and non-http targets; another account's project; bad input
    for (const url of ['http://10.0.0.5/hook', 'http://169.254.169.254/latest', 'http://[::ffff:192.168.1.1]/x', 'ftp://example.com/x', 'not a url']) {
      const r = await http(h.baseUrl, 'POST', '/v1/webhooks', { url }, as('a'));
      expect(r.status, url).toBe(400);
      expect(r.body.error.code).toBe('invalid_url');
    }
    expect((await http(h.baseUrl, 'POST', '/v1/webhooks', { url: `${base}/ok`, projectId: PROJECT }, as('b'))).status).toBe(404);
    expect((await http(h.baseUrl, 'POST', '/v1/webhooks', { url: `${base}/ok`, events: ['interview.deleted'] }, as('a'))).status).toBe(400);
    expect((await http(h.baseUrl, 'POST', '/v1/webhooks', { url: `${base}/ok`, secret: 'short' }, as('a'))).status).toBe(400);
    expect((await http(h.baseUrl, 'GET', '/v1/webhooks', undefined, as('b'))).body).toEqual({ data: [] });
    // at most 20 live endpoints per account (each completion makes one delivery per endpoint)
    for (let i = 0; i < 20; i++) expect((await http(h.baseUrl, 'POST', '/v1/webhooks', { url: `${base}/b${i}` }, as('b'))).status).toBe(201);
    const over = await http(h.baseUrl, 'POST', '/v1/webhooks', { url: `${base}/b20` }, as('b'));
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('too_many_webhooks');
    const mineB = (await http(h.baseUrl, 'GET', '/v1/webhooks', undefined, as('b'))).body.data as { id: string }[];
    for (const e of mineB) expect((await http(h.baseUrl, 'DELETE', `/v1/webhooks/${e.id}`, undefined, as('b'))).status).toBe(204);
  });

  it('delivers each completion once, signed; retries with backoff; logs every attempt', async () => {
    const failing = await http(h.baseUrl, 'POST', '/v1/interviews', { mediaUrl: `${base}/missing-recording.mp3`, title: 'Lost recording', projectId: PROJECT }, as('a'));
    expect(failing.status, JSON.stringify(failing.body)).toBe(202);
    ids.failedJob = failing.body.analysisJobId;
    await h.waitForJob(ids.completedJob!, (j) => j.status === 'completed', 90_000);
    await h.waitForJob(ids.failedJob!, (j) => j.status === 'failed', 90_000);

    type Log = { status: string; event: string; eventId: string; attempts: { attempt: number; statusCode: number | null; ok: boolean }[] }[];
    const deliveries = async (id: string): Promise<Log> => (await http(h.baseUrl, 'GET', `/v1/webhooks/${id}/deliveries`, undefined, as('a'))).body.data;
    const settled = async (id: string, n: number) => {
      for (let i = 0; i < 300; i++) {
        const d = await deliveries(id);
        if (d.length >= n && d.every((x) => x.status !== 'pending')) return d;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`deliveries of ${id} not settled: ${JSON.stringify(await deliveries(id))}`);
    };

    // the all-events endpoint: the completion, the failure and the synthesis, one attempt each
    const ok = await settled(ids.ok!, 3);
    expect(ok.map((d) => d.event).sort()).toEqual(['analysis_job.completed', 'analysis_job.failed', 'synthesis.completed']);
    expect(ok.every((d) => d.status === 'delivered' && d.attempts.length === 1 && d.attempts[0]!.statusCode === 200)).toBe(true);
    const toOk = received.filter((r) => r.path === '/ok');
    expect(toOk).toHaveLength(3);
    for (const r of toOk) {
      const header = r.headers['x-interview-flow-signature'] as string;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifySignature(SECRET, header, r.body)).toBe(true);
      // a body changed in transit, or another secret, does not verify
      expect(verifySignature(SECRET, header, r.body.replace('"type"', '"typ"'))).toBe(false);
      expect(verifySignature(`${SECRET}x`, header, r.body)).toBe(false);
      const body = JSON.parse(r.body);
      expect(r.headers['x-interview-flow-event']).toBe(body.type);
      expect(ok.find((d) => d.event === body.type)!.eventId).toBe(body.id);
    }
    const completed = JSON.parse(toOk.find((r) => JSON.parse(r.body).type === 'analysis_job.completed')!.body);
    expect(completed.data).toMatchObject({ status: 'completed', analysisJobId: ids.completedJob, projectId: PROJECT, title: 'Interview with Ana', runNo: 1 });
    const failed = JSON.parse(toOk.find((r) => JSON.parse(r.body).type === 'analysis_job.failed')!.body);
    expect(failed.data).toMatchObject({ status: 'failed', analysisJobId: ids.failedJob, failedStep: 'transcribe', error: expect.stringMatching(/not audio or video/) });

    // failing twice, then succeeding: three attempts logged, delivered
    const flaky = await settled(ids.flaky!, 1);
    expect(flaky).toHaveLength(1);
    expect(flaky[0]).toMatchObject({ status: 'delivered', event: 'analysis_job.completed' });
    expect(flaky[0]!.attempts.map((a) => [a.attempt, a.statusCode, a.ok])).toEqual([[1, 500, false], [2, 500, false], [3, 200, true]]);
    expect(received.filter((r) => r.path === '/flaky').map((r) => r.headers['x-interview-flow-attempt'])).toEqual(['1', '2', '3']);

    // 4xx forever: every attempt used, then failed
    const reject = await settled(ids.reject!, 1);
    expect(reject[0]).toMatchObject({ status: 'failed' });
    expect(reject[0]!.attempts.map((a) => a.statusCode)).toEqual([400, 400, 400]);
    const job = await h.rt.queues.get('webhooks').getJobs(['failed']);
    expect(job.map((j) => j.name)).toContain('analysis_job.completed · Interview with Ana');
  }, 150_000);

  it('is exactly once per completion: recording the same completion again sends nothing', async () => {
    const before = received.length;
    const view = (await h.rt.store.getAnalysisJob(ids.completedJob!))!;
    const event = analysisJobEvent('analysis_job.completed', { analysisJobId: view.id, interviewId: view.interviewId, projectId: PROJECT, runNo: 1, title: 'Interview with Ana' });
    const pending = await enqueueWebhookEvent(
      { webhooks: h.rt.store.webhooks, queue: h.rt.queues.get('webhooks'), settings: h.config.queues.webhooks },
      { accountId: A, projectId: PROJECT, ...event, subject: 'again' },
    );
    expect(pending).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(received.length).toBe(before);
  });

  it('another account cannot read, list or remove the endpoints', async () => {
    for (const id of [ids.ok, ids.flaky]) {
      const read = await http(h.baseUrl, 'GET', `/v1/webhooks/${id}/deliveries`, undefined, as('b'));
      expect(read.status).toBe(404);
      expect(read.body.error.code).toBe('not_found');
      expect((await http(h.baseUrl, 'DELETE', `/v1/webhooks/${id}`, undefined, as('b'))).status).toBe(404);
    }
    expect((await http(h.baseUrl, 'GET', `/v1/webhooks/${randomUUID()}/deliveries`, undefined, as('a'))).status).toBe(404);
    expect((await http(h.baseUrl, 'GET', '/v1/webhooks/nope/deliveries', undefined, as('a'))).status).toBe(400);
    // the owner can disable it; its log stays readable
    expect((await http(h.baseUrl, 'DELETE', `/v1/webhooks/${ids.reject}`, undefined, as('a'))).status).toBe(204);
    expect((await http(h.baseUrl, 'GET', '/v1/webhooks', undefined, as('a'))).body.data.map((e: { id: string }) => e.id)).not.toContain(ids.reject);
    expect((await http(h.baseUrl, 'GET', `/v1/webhooks/${ids.reject}/deliveries`, undefined, as('a'))).body.data).toHaveLength(1);
  });

  it('a resumed run names its jobs after the interview too, and its own failure is a new event', async () => {
    const resumed = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${ids.failedJob}/resume`, {}, as('a'));
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(202);
    expect(resumed.body.runNo).toBe(2);
    const job = await h.rt.queues.get('transcribe').getJob(bullJobId(ids.failedJob!, 2, 'transcribe'));
    expect(job?.name).toBe('transcribe · Lost recording');
    await h.waitForJob(ids.failedJob!, (j) => j.status === 'failed' && j.currentRun === 2, 60_000);
    for (let i = 0; i < 100; i++) {
      const log = (await http(h.baseUrl, 'GET', `/v1/webhooks/${ids.ok}/deliveries`, undefined, as('a'))).body.data as { eventId: string; status: string }[];
      const failures = log.filter((d) => d.eventId.startsWith('analysis_job.failed.'));
      if (failures.length === 2 && failures.every((d) => d.status === 'delivered')) {
        expect(failures.map((d) => d.eventId.slice(-3)).sort()).toEqual(['.r1', '.r2']);
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the second run\'s failure was not delivered');
  }, 90_000);
});
