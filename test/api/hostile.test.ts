import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { createApp } from '../../src/api/app.js';
import { answerClientErrors } from '../../src/api/client-errors.js';
import { credentialAuthenticator } from '../../src/auth/authenticator.js';
import { loadAuthConfig } from '../../src/auth/auth-config.js';
import { generateApiKey } from '../../src/auth/api-key.js';
import type { Scope } from '../../src/domain/auth.js';

/**
 * Hostile-input suite (issue #9): requests an attacker would send, table-driven, against one real
 * stack with API keys and JWTs. Every bad request must get a 4xx with the JSON error body; none
 * may write anything (rows or media files) or take the process down. Positive controls prove the
 * credentials and routes used here do work, so the refusals are not accidents.
 */

const SECRET = 'hostile-suite-jwt-secret-0123456789abcdef';
const A = randomUUID();
const B = randomUUID();
const TRANSCRIPT = 'AI: What tools do you use?\n\nUser: Mostly Figma, and I hate exporting assets because it is slow.';
const B_ = 'hostileBOUNDARY';

type Cred = 'none' | 'a' | 'b' | 'aRead' | 'admin' | 'adminW' | 'revoked' | 'jwtA' | 'jwtB' | 'raw';

interface Case {
  name: string;
  method?: string;
  path: string;
  as?: Cred;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
  /** Expected status (default: any 4xx). */
  status?: number;
  code?: string;
}

interface Res { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: any }

function send(base: string, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Res> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function jwt(claims: Record<string, unknown>, opts: { secret?: string; exp?: string; alg?: string } = {}) {
  return new SignJWT({ role: 'authenticated', ...claims })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setSubject(randomUUID()).setAudience('authenticated').setIssuedAt().setExpirationTime(opts.exp ?? '10m')
    .sign(new TextEncoder().encode(opts.secret ?? SECRET));
}

/** `{"a":{"a":...}}` as text: JSON.stringify itself overflows the stack at 10,000 levels. */
const nestedJson = (depth: number) => '{"a":'.repeat(depth) + '"leaf"' + '}'.repeat(depth);
const multipart = (parts: string[], end = true) => parts.join('') + (end ? `--${B_}--\r\n` : '');
const field = (name: string, value: string) => `--${B_}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const file = (content: string | Buffer, name = 'file', filename = 't.txt') =>
  `--${B_}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`;
const MP = { 'content-type': `multipart/form-data; boundary=${B_}` };

describe('hostile input', () => {
  let h: Harness;
  let db: pg.Client;
  let mediaDir: string;
  const tokens: Record<string, string> = {};
  let jobA: string;
  let interviewA: string;
  let projectA: string;

  const headersFor = (as: Cred | undefined): Record<string, string> => {
    if (!as || as === 'none' || as === 'raw') return {};
    return { authorization: `Bearer ${tokens[as]}` };
  };
  const call = (c: Case) => {
    const headers = { ...headersFor(c.as ?? 'a'), ...c.headers };
    let body: string | Buffer | undefined;
    if (c.body === undefined || typeof c.body === 'string' || Buffer.isBuffer(c.body)) body = c.body as string | Buffer | undefined;
    else body = JSON.stringify(c.body);
    if (body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return send(h.baseUrl, c.method ?? (body === undefined ? 'GET' : 'POST'), c.path, headers, body);
  };
  const written = async () => {
    const { rows } = await db.query(`select (select count(*) from interviews) i, (select count(*) from analysis_jobs) j,
      (select count(*) from projects) p, (select count(*) from project_questions) q, (select count(*) from api_keys) k,
      (select count(*) from api_keys where revoked_at is null) ka, (select max(current_run) from analysis_jobs) r`);
    const files = (await readdir(mediaDir, { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).length;
    return { ...rows[0], files };
  };

  beforeAll(async () => {
    mediaDir = await mkdtemp(join(tmpdir(), 'iflow-hostile-'));
    const env = {
      AUTH_JWT_SECRET: SECRET, MEDIA_DIR: mediaDir,
      // the table below sends hundreds of requests; the limits have their own tests at the end
      RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_SUBMISSIONS_PER_MINUTE: '100000', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '100000',
      MAX_TRANSCRIPT_LINES: '2000',
    };
    h = await createHarness({
      env,
      app: (rt) => {
        const auth = loadAuthConfig({ env });
        return { auth, authenticator: credentialAuthenticator(rt.store, auth.jwt) };
      },
    });
    const make = async (name: string, accountId: string, scopes: Scope[]) => {
      const k = generateApiKey();
      const rec = await h.rt.store.createApiKey({ accountId, name, prefix: k.prefix, hash: k.hash, scopes });
      tokens[name] = k.key;
      return rec;
    };
    await make('a', A, ['interviews:write', 'read']);
    await make('b', B, ['interviews:write', 'read']);
    await make('aRead', A, ['read']);
    await make('admin', A, ['admin', 'read']);
    await make('adminW', A, ['admin:write']);
    await h.rt.store.revokeApiKey((await make('revoked', A, ['interviews:write', 'read'])).id);
    tokens.jwtA = await jwt({ account_id: A });
    tokens.jwtB = await jwt({ app_metadata: { account_id: B } });
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    const res = await call({ name: 'setup', path: '/v1/interviews', body: { transcript: TRANSCRIPT, questions: ['Which tools do they use?'] } });
    expect(res.status).toBe(202);
    jobA = res.json.analysisJobId;
    interviewA = res.json.interviewId;
    projectA = (await h.waitForJob(jobA, (j) => j.status === 'completed')).projectId;
  });
  afterAll(async () => {
    await db?.end();
    await h?.close();
    if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
  });

  const JSON_CASES = (): Case[] => {
    const post = (name: string, body: Case['body'], extra: Partial<Case> = {}): Case => ({ name, path: '/v1/interviews', body, ...extra });
    const t = TRANSCRIPT;
    return [
      post('invalid JSON', '{"transcript": ', { code: 'invalid_json' }),
      post('JSON with trailing garbage', '{"transcript":"AI: a?\\nUser: b"} x', { code: 'invalid_json' }),
      post('body is an array', [t]),
      post('body is a string', '"just a string"'),
      post('body is null', 'null'),
      post('body is a number', '42'),
      post('empty object', {}),
      post('unknown field', { transcript: t, admin: true }),
      post('__proto__ key', '{"transcript":"AI: a?\\n\\nUser: b","__proto__":{"admin":true}}'),
      post('constructor key', { transcript: t, constructor: { prototype: { x: 1 } } }),
      post('transcript is a number', { transcript: 12 }),
      post('transcript is an object', { transcript: { text: t } }),
      post('transcript empty', { transcript: '' }),
      post('transcript whitespace', { transcript: '   \n\n  ' }),
      post('transcript without participant', { transcript: 'AI: What do you do?\n\nAI: And why?', interviewers: ['AI'] }),
      post('both transcript and mediaUrl', { transcript: t, mediaUrl: 'https://example.com/a.mp3' }),
      post('NUL in transcript', { transcript: `AI: a?\n\nUser: b\u0000c` }, { code: 'invalid_text' }),
      post('NUL in title', { transcript: t, title: 'x\u0000' }, { code: 'invalid_text' }),
      post('NUL in customInstructions', { transcript: t, customInstructions: '\u0000' }, { code: 'invalid_text' }),
      post('NUL in a question', { transcript: t, questions: ['Why is \u0000 here?'] }, { code: 'invalid_text' }),
      post('NUL in an interviewer', { transcript: t, interviewers: ['A\u0000I'] }, { code: 'invalid_text' }),
      post('NUL in a metadata key', { transcript: t, metadata: { 'k\u0000': 1 } }, { code: 'invalid_text' }),
      post('NUL deep in metadata', { transcript: t, metadata: { a: [{ b: 'x\u0000' }] } }, { code: 'invalid_text' }),
      post('NUL in utterance text', { transcript: [{ speaker: 'AI', text: 'q?' }, { speaker: 'User', text: 'a\u0000' }] }, { code: 'invalid_text' }),
      post('NUL in utterance speaker', { transcript: [{ speaker: 'AI\u0000', text: 'q?' }, { speaker: 'User', text: 'a' }] }, { code: 'invalid_text' }),
      post('lone high surrogate in title', '{"transcript":"AI: a?\\n\\nUser: b","title":"x\\ud800y"}', { code: 'invalid_text' }),
      post('lone low surrogate in transcript', '{"transcript":"AI: a?\\n\\nUser: b\\udc00"}', { code: 'invalid_text' }),
      post('reversed surrogate pair in metadata', '{"transcript":"AI: a?\\n\\nUser: b","metadata":{"m":"\\udc00\\ud800"}}', { code: 'invalid_text' }),
      post('lone surrogate in a metadata key', '{"transcript":"AI: a?\\n\\nUser: b","metadata":{"\\ud83d":1}}', { code: 'invalid_text' }),
      post('metadata nested 10,000 levels', `{"transcript":"AI: a?\\n\\nUser: b","metadata":${nestedJson(10_000)}}`, { code: 'too_deep' }),
      post('metadata nested 40 levels', `{"transcript":"AI: a?\\n\\nUser: b","metadata":${nestedJson(40)}}`, { code: 'too_deep' }),
      post('arrays nested 5,000 levels', `{"transcript":"AI: a?\\n\\nUser: b","metadata":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}`, { code: 'too_deep' }),
      post('metadata is an array', { transcript: t, metadata: [1, 2] }),
      post('start_ms beyond integer range', { transcript: [{ speaker: 'AI', text: 'q?', start_ms: 0 }, { speaker: 'User', text: 'a', start_ms: 3_000_000_000 }] }),
      post('end_ms beyond integer range', { transcript: [{ speaker: 'AI', text: 'q?', end_ms: 2_147_483_648 }, { speaker: 'User', text: 'a' }] }),
      post('negative start_ms', { transcript: [{ speaker: 'AI', text: 'q?', start_ms: -1 }, { speaker: 'User', text: 'a' }] }),
      post('fractional start_ms', { transcript: [{ speaker: 'AI', text: 'q?', start_ms: 1.5 }, { speaker: 'User', text: 'a' }] }),
      post('start_ms as a string', { transcript: [{ speaker: 'AI', text: 'q?', start_ms: '10' }, { speaker: 'User', text: 'a' }] }),
      post('start_ms 1e400 (Infinity)', '{"transcript":[{"speaker":"AI","text":"q?","start_ms":1e400},{"speaker":"User","text":"a"}]}'),
      post('empty utterance speaker', { transcript: [{ speaker: '', text: 'q?' }, { speaker: 'User', text: 'a' }] }),
      post('empty utterance list', { transcript: [] }),
      post('VTT timestamp beyond integer range', { transcript: 'WEBVTT\n\n999999:00:00.000 --> 999999:00:01.000\n<v AI>Why?\n\n999999:00:02.000 --> 999999:00:03.000\n<v User>Because.' }),
      post('transcript over the line limit', { transcript: Array.from({ length: 3000 }, (_, i) => (i % 2 ? 'User: ok.' : 'AI: and?')).join('\n') }, { status: 413 }),
      post('utterance list over 20,000 turns', { transcript: Array.from({ length: 20_001 }, (_, i) => ({ speaker: i % 2 ? 'User' : 'AI', text: 'x' })) }),
      post('estimate over the line limit', { transcript: Array.from({ length: 3000 }, (_, i) => (i % 2 ? 'User: ok.' : 'AI: and?')).join('\n') }, { path: '/v1/estimates', status: 413 }),
      post('estimate of many interviews over the line limit', { interviews: Array.from({ length: 20 }, () => ({ transcript: Array.from({ length: 150 }, () => 'AI: and?').join('\n') })) }, { path: '/v1/estimates', status: 413 }),
      post('estimate with a NUL', { transcript: 'AI: a?\n\nUser: b\u0000' }, { path: '/v1/estimates', code: 'invalid_text' }),
      post('title too long', { transcript: t, title: 'x'.repeat(501) }),
      post('too many questions', { transcript: t, questions: Array.from({ length: 101 }, (_, i) => `Question number ${i}?`) }),
      post('question too short', { transcript: t, questions: ['?'] }),
      post('interviewers not a list', { transcript: t, interviewers: 'AI' }),
      post('projectId not a UUID', { transcript: t, projectId: 'default' }),
      post('projectId SQL injection', { transcript: t, projectId: "'; drop table interviews; --" }),
      post('accountId of another account', { transcript: t, accountId: B }, { status: 403 }),
      post('accountId not a UUID', { transcript: t, accountId: 'root' }),
      post('transcriptFormat unknown', { transcript: t, transcriptFormat: 'docx' }),
      post('text/plain body', t, { headers: { 'content-type': 'text/plain' }, status: 415 }),
      post('form-urlencoded body', 'transcript=x', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415 }),
      post('XML body', '<transcript/>', { headers: { 'content-type': 'application/xml' }, status: 415 }),
      post('no content type', Buffer.from('{"transcript":"x"}'), { headers: { 'content-type': '' }, status: 415 }),
      post('unknown charset', '{"transcript":"x"}', { headers: { 'content-type': 'application/json; charset=x-bogus-7' }, status: 415 }),
      post('gzip content-encoding', Buffer.from('not gzip'), { headers: { 'content-encoding': 'gzip' } }),
      post('body over 5 MB', { transcript: 'x'.repeat(5.5 * 1024 * 1024) }, { status: 413 }),
    ];
  };

  const MULTIPART_CASES = (): Case[] => {
    const up = (name: string, body: string, extra: Partial<Case> = {}): Case => ({ name, path: '/v1/interviews', body, headers: MP, ...extra });
    return [
      up('truncated file part', multipart([file(TRANSCRIPT)], false).replace(/\r\n$/, '')),
      up('two files', multipart([file(TRANSCRIPT), file(TRANSCRIPT, 'file2', 'u.txt')])),
      up('empty file', multipart([file('')])),
      up('file and transcript field', multipart([file(TRANSCRIPT), field('transcript', TRANSCRIPT)])),
      up('file and mediaUrl field', multipart([file(TRANSCRIPT), field('mediaUrl', 'https://example.com/a.mp3')])),
      up('NUL in a form field', multipart([file(TRANSCRIPT), field('title', 'a\u0000b')]), { code: 'invalid_text' }),
      up('metadata field not JSON', multipart([file(TRANSCRIPT), field('metadata', '{oops')])),
      up('metadata field nested 10,000 levels', multipart([file(TRANSCRIPT), field('metadata', nestedJson(10_000))]), { code: 'too_deep' }),
      up('unknown form field', multipart([file(TRANSCRIPT), field('isAdmin', 'true')])),
      up('accountId form field of another account', multipart([file(TRANSCRIPT), field('accountId', B)]), { status: 403 }),
      up('field over 256 KiB', multipart([field('transcript', 'x'.repeat(300 * 1024))])),
      up('too many fields', multipart(Array.from({ length: 120 }, (_, i) => field(`f${i}`, 'v')))),
      up('binary file that is neither text nor media', multipart([file(Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 8]).toString('latin1'))])),
      up('no boundary in Content-Type', multipart([file(TRANSCRIPT)]), { headers: { 'content-type': 'multipart/form-data' } }),
      up('boundary that is not in the body', multipart([file(TRANSCRIPT)]), { headers: { 'content-type': 'multipart/form-data; boundary=zzz' } }),
      up('garbage body', '\u0000\u0001garbage', {}),
      up('no file and no transcript', multipart([field('title', 'only a title')])),
      up('file field with a path-traversal filename', multipart([file('', 'file', '../../../../etc/passwd')])),
    ];
  };

  const MEDIA_URL_CASES = (): Case[] => [
    'file:///etc/passwd', 'ftp://example.com/a.mp3', 'gopher://127.0.0.1:6379/_INFO', 'javascript:alert(1)', 'data:audio/mp3;base64,AAAA',
    'http://127.0.0.1:6379/', 'http://localhost:3000/healthz', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/a.mp3',
    'http://10.0.0.1/a.mp3', 'http://192.168.1.1/a.mp3', 'http://0x7f000001/a.mp3', 'http://2130706433/a.mp3', 'http://0/a.mp3',
    'http://user:pass@127.0.0.1/a.mp3', 'http://[::ffff:127.0.0.1]/a.mp3', 'not a url', `https://example.com/${'a'.repeat(5000)}`,
  ].map((mediaUrl) => ({ name: `mediaUrl ${mediaUrl.slice(0, 50)}`, path: '/v1/interviews', body: { mediaUrl } }));

  const PATH_CASES = (): Case[] => [
    ['not a UUID', '/v1/analysis-jobs/123', 400],
    ['bad percent-encoding', '/v1/analysis-jobs/%E0%A4%A', 400],
    ['invalid percent escape', '/v1/interviews/%ZZ', 400],
    ['encoded NUL', '/v1/interviews/%00', 400],
    ['UUID followed by encoded NUL', `/v1/interviews/${randomUUID()}%00`, 400],
    ['encoded traversal', '/v1/interviews/..%2f..%2fetc%2fpasswd', 400],
    ['double-encoded traversal', '/v1/interviews/%252e%252e%252f', 400],
    ['very long id', `/v1/interviews/${'a'.repeat(10_000)}`, 400],
    ['unicode id', '/v1/interviews/%D0%B4%D0%B0', 400],
    ['unknown job UUID', `/v1/analysis-jobs/${randomUUID()}`, 404],
    ['unknown interview UUID', `/v1/interviews/${randomUUID()}`, 404],
    ['bad percent-encoding on resume', '/v1/analysis-jobs/%E0%A4%A/resume', 400, 'POST'],
    ['bad percent-encoding on a report', '/v1/projects/%C0%AF/report', 400],
    ['unknown route', '/v1/../../etc/passwd', 404],
    ['query string NUL', `/v1/projects/${randomUUID()}/report?format=%00`, 400],
    ['query string lone surrogate', `/v1/projects/${randomUUID()}/report?format=%ED%A0%80`, 400],
  ].map(([name, path, status, method]) => ({ name: `path: ${name}`, path: path as string, status: status as number, method: method as string | undefined, body: method ? {} : undefined }));

  const METHOD_CASES = (): Case[] => [
    { name: 'PUT /v1/interviews', method: 'PUT', path: '/v1/interviews', body: { transcript: TRANSCRIPT }, status: 404 },
    { name: 'DELETE an interview', method: 'DELETE', path: `/v1/interviews/${randomUUID()}`, status: 404 },
    { name: 'PATCH a job', method: 'PATCH', path: `/v1/analysis-jobs/${randomUUID()}`, body: { status: 'completed' }, status: 404 },
    { name: 'TRACE', method: 'TRACE', path: '/v1/interviews', status: 404 },
    { name: 'POST to a read route', method: 'POST', path: `/v1/analysis-jobs/${randomUUID()}`, body: {}, status: 404 },
    { name: 'GET on resume', method: 'GET', path: `/v1/analysis-jobs/${randomUUID()}/resume`, status: 404 },
    { name: 'method override header', method: 'POST', path: `/v1/interviews/${randomUUID()}`, headers: { 'x-http-method-override': 'DELETE' }, body: {}, status: 404 },
    { name: 'resume with a text/plain body (CSRF)', method: 'POST', path: '/v1/analysis-jobs/JOB/resume', headers: { 'content-type': 'text/plain' }, body: '{"supersede":true}', status: 415 },
    { name: 'resume with a form body (CSRF)', method: 'POST', path: '/v1/analysis-jobs/JOB/resume', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'supersede=true', status: 415 },
    { name: 'cross-site cancel (CSRF with Basic credentials)', method: 'POST', path: '/v1/analysis-jobs/JOB/cancel', as: 'raw', headers: { authorization: `Basic ${Buffer.from(`u:${tokens.a}`).toString('base64')}`, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: '', status: 403, code: 'cross_site' },
    { name: 'cross-site submission (CSRF)', method: 'POST', path: '/v1/interviews', headers: { origin: 'https://evil.example' }, body: { transcript: TRANSCRIPT }, status: 403, code: 'cross_site' },
    { name: 'resume with an unknown step', method: 'POST', path: '/v1/analysis-jobs/JOB/resume', body: { resumeFrom: 'drop_tables' } },
    { name: 'resume with extra fields', method: 'POST', path: '/v1/analysis-jobs/JOB/resume', body: { supersede: true, accountId: B } },
  ];

  const AUTH_CASES = async (): Promise<Case[]> => {
    const forged = async (name: string, claims: Record<string, unknown>, opts?: Parameters<typeof jwt>[1]) =>
      ({ name: `auth: ${name}`, path: '/v1/interviews', as: 'raw' as Cred, headers: { authorization: `Bearer ${await jwt(claims, opts)}` }, body: { transcript: TRANSCRIPT }, status: 401 });
    const raw = (name: string, authorization: string, extra: Partial<Case> = {}): Case =>
      ({ name: `auth: ${name}`, path: '/v1/interviews', as: 'raw', headers: { authorization }, body: { transcript: TRANSCRIPT }, status: 401, ...extra });
    const noneSigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ account_id: A, sub: 'x', aud: 'authenticated', exp: 9e9 })).toString('base64url')}.`;
    return [
      { name: 'auth: no credential', path: '/v1/interviews', as: 'none', body: { transcript: TRANSCRIPT }, status: 401, code: 'unauthorized' },
      { name: 'auth: no credential on a read', path: `/v1/analysis-jobs/${randomUUID()}`, as: 'none', status: 401 },
      { name: 'auth: no credential on a report', path: `/v1/projects/${randomUUID()}/report`, as: 'none', status: 401 },
      { name: 'auth: revoked key', path: '/v1/interviews', as: 'revoked', body: { transcript: TRANSCRIPT }, status: 401 },
      raw('well-formed unknown key', `Bearer ${generateApiKey().key}`),
      raw('key with a changed character', `Bearer ${tokens.a!.slice(0, -1)}${tokens.a!.endsWith('A') ? 'B' : 'A'}`),
      raw('key prefix only', `Bearer iflow_`),
      raw('empty bearer', 'Bearer '),
      raw('bearer garbage', 'Bearer \u00ff\u00fe'.replace(/[^\x20-\x7e]/g, '?')),
      raw('basic with a wrong key', `Basic ${Buffer.from(`x:${generateApiKey().key}`).toString('base64')}`),
      raw('malformed basic', 'Basic !!!not-base64!!!'),
      raw('unknown scheme', `Token ${generateApiKey().key}`),
      raw('JWT with alg none', `Bearer ${noneSigned}`),
      raw('JWT with the signature stripped', `Bearer ${tokens.jwtA!.split('.').slice(0, 2).join('.')}.`),
      raw('JWT with the payload swapped to account B', `Bearer ${tokens.jwtA!.split('.')[0]}.${Buffer.from(JSON.stringify({ account_id: B, sub: 'x', aud: 'authenticated', exp: 9e9 })).toString('base64url')}.${tokens.jwtA!.split('.')[2]}`),
      await forged('JWT signed with another secret', { account_id: A }, { secret: 'another-secret-another-secret-another-secret' }),
      await forged('expired JWT', { account_id: A }, { exp: '-1m' }),
      await forged('JWT without an account', {}),
      await forged('JWT with the account in user_metadata', { user_metadata: { account_id: A } }),
      await forged('JWT with a non-UUID account', { account_id: "' or 1=1 --" }),
      await forged('JWT with HS512', { account_id: A }, { alg: 'HS512' }),
      { name: 'auth: x-api-key with a revoked key', path: '/v1/interviews', as: 'raw', headers: { 'x-api-key': tokens.revoked! }, body: { transcript: TRANSCRIPT }, status: 401 },
      { name: 'scope: read-only key submits', path: '/v1/interviews', as: 'aRead', body: { transcript: TRANSCRIPT }, status: 403, code: 'forbidden' },
      { name: 'scope: read-only key resumes', path: '/v1/analysis-jobs/JOB/resume', as: 'aRead', body: {}, status: 403 },
      { name: 'scope: admin-only key submits', path: '/v1/interviews', as: 'adminW', body: { transcript: TRANSCRIPT }, status: 403 },
      { name: 'scope: /metrics without admin', path: '/metrics', as: 'a', status: 403 },
      { name: 'scope: /metrics with a JWT', path: '/metrics', as: 'jwtA', status: 403 },
    ];
  };

  const TENANT_CASES = (): Case[] => (['b', 'jwtB'] as Cred[]).flatMap((as) => [
    { name: `${as}: reads A's job`, path: '/v1/analysis-jobs/JOB', as, status: 404, code: 'not_found' },
    { name: `${as}: reads A's interview`, path: '/v1/interviews/INTERVIEW', as, status: 404 },
    { name: `${as}: reads A's interview page`, path: '/v1/interviews/INTERVIEW/report', as, status: 404 },
    { name: `${as}: reads A's recording`, path: '/v1/interviews/INTERVIEW/media', as, status: 404 },
    { name: `${as}: reads A's project report`, path: '/v1/projects/PROJECT/report', as, status: 404 },
    { name: `${as}: reads A's project report as markdown`, path: '/v1/projects/PROJECT/report?format=md', as, status: 404 },
    { name: `${as}: resumes A's job`, path: '/v1/analysis-jobs/JOB/resume', as, body: { resumeFrom: 'evidence', supersede: true }, status: 404 },
    { name: `${as}: submits into A's project`, path: '/v1/interviews', as, body: { transcript: TRANSCRIPT, projectId: 'PROJECT' } },
    { name: `${as}: reads A's job with an upper-case id`, path: '/v1/analysis-jobs/JOBUPPER', as, status: 404 },
    ...['synthesis', 'synthesis-runs', 'interviews', 'analysis-jobs', 'themes', 'personas', 'answers', 'events'].map((sub) =>
      ({ name: `${as}: reads A's project ${sub}`, path: `/v1/projects/PROJECT/${sub}`, as, status: 404 })),
    { name: `${as}: follows A's job events`, path: '/v1/analysis-jobs/JOB/events', as, status: 404 },
    { name: `${as}: cancels A's job`, path: '/v1/analysis-jobs/JOB/cancel', as, body: {}, status: 404 },
    { name: `${as}: synthesizes A's project`, path: '/v1/projects/PROJECT/synthesize', as, body: {}, status: 404 },
  ] as Case[]);

  const BOARD_CASES = (): Case[] => {
    const q = 'evidence';
    const board = (name: string, as: Cred, method: string, path: string, status: number, extra: Partial<Case> = {}): Case =>
      ({ name: `bull board: ${name}`, as, method, path: `/admin/queues${path}`, status, ...extra });
    return [
      board('page without credentials', 'none', 'GET', '', 401),
      board('api without credentials', 'none', 'GET', '/api/queues', 401),
      board('redis stats without credentials', 'none', 'GET', '/api/redis/stats', 401),
      board('page with a non-admin key', 'a', 'GET', '', 403),
      board('queue list with a non-admin key (lists every tenant)', 'b', 'GET', '/api/queues', 403),
      board('queue list with a JWT', 'jwtB', 'GET', '/api/queues', 403),
      board('redis stats with a non-admin key', 'aRead', 'GET', '/api/redis/stats', 403),
      board('pause with a read-only admin', 'admin', 'PUT', `/api/queues/${q}/pause`, 403),
      board('retry all with a read-only admin', 'admin', 'PUT', `/api/queues/${q}/retry/failed`, 403),
      board('clean with a read-only admin', 'admin', 'PUT', `/api/queues/${q}/clean/completed`, 403),
      board('add a job with a read-only admin', 'admin', 'POST', `/api/queues/${q}/add`, 403, { body: { name: 'x', data: {} } }),
      board('obliterate with a read-only admin', 'admin', 'PUT', `/api/queues/${q}/obliterate`, 403),
      board('update job data with a non-admin', 'a', 'PUT', `/api/queues/${q}/JOB.r1.evidence/update-data`, 403, { body: { data: {} } }),
      board('purge metrics with a read-only admin', 'admin', 'PUT', '/api/metrics/history/purge', 403),
      board('cross-site add (Origin)', 'adminW', 'POST', `/api/queues/${q}/add`, 403, { body: { name: 'x', data: {} }, headers: { origin: 'https://evil.example' }, code: 'cross_site' }),
      board('cross-site pause (Referer)', 'adminW', 'PUT', `/api/queues/${q}/pause`, 403, { headers: { referer: 'https://evil.example/page' } }),
      board('null Origin', 'adminW', 'PUT', `/api/queues/${q}/pause`, 403, { headers: { origin: 'null' } }),
      board('text/plain add (CSRF form)', 'adminW', 'POST', `/api/queues/${q}/add`, 415, { body: '{"name":"x","data":{}}', headers: { 'content-type': 'text/plain' } }),
      board('form add (CSRF form)', 'adminW', 'POST', `/api/queues/${q}/add`, 415, { body: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    ];
  };

  const resolvePath = (p: string) => p.replace('JOBUPPER', jobA.toUpperCase()).replace('JOB', jobA).replace('INTERVIEW', interviewA).replace('PROJECT', projectA);

  it('answers every hostile request with a clean 4xx, writes nothing and stays alive', async () => {
    const cases = [...JSON_CASES(), ...MULTIPART_CASES(), ...MEDIA_URL_CASES(), ...PATH_CASES(), ...METHOD_CASES(),
      ...(await AUTH_CASES()), ...TENANT_CASES(), ...BOARD_CASES()];
    expect(cases.length).toBeGreaterThanOrEqual(120);
    console.log(`[hostile] ${cases.length} hostile requests`);
    const before = await written();
    const failures: string[] = [];
    for (const c0 of cases) {
      const c = { ...c0, path: resolvePath(c0.path), body: typeof c0.body === 'object' && !Buffer.isBuffer(c0.body) ? JSON.parse(resolvePath(JSON.stringify(c0.body))) : c0.body };
      const res = await call(c).catch((err: Error) => ({ status: 0, headers: {}, text: `client error: ${err.message}`, json: undefined }) as Res);
      const ok = (c.status ? res.status === c.status : res.status >= 400 && res.status < 500)
        && typeof res.json?.error?.code === 'string' && typeof res.json?.error?.message === 'string'
        && (!c.code || res.json.error.code === c.code)
        && !/postgres|sqlstate|syntax error|violates|relation "|pg_|at .*\.ts:\d+/i.test(res.text)
        && res.headers['x-powered-by'] === undefined && res.headers['x-content-type-options'] === 'nosniff';
      if (!ok) failures.push(`${c.name}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    // removal of refused uploads happens as the response goes out: give it a moment
    let after = await written();
    for (let i = 0; i < 30 && after.files !== before.files; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await written();
    }
    expect(after).toEqual(before);
    const health = await send(h.baseUrl, 'GET', '/healthz', {});
    expect(health.status).toBe(200);
  });

  it('positive controls: the credentials and routes refused above work when used properly', async () => {
    const ok = async (c: Case, status: number) => expect((await call({ ...c, path: resolvePath(c.path) })).status, c.name).toBe(status);
    await ok({ name: 'A reads its job', path: '/v1/analysis-jobs/JOB' }, 200);
    await ok({ name: 'A reads with x-api-key', path: '/v1/analysis-jobs/JOB', as: 'raw', headers: { 'x-api-key': tokens.a! } }, 200);
    await ok({ name: 'A reads with Basic', path: '/v1/analysis-jobs/JOB', as: 'raw', headers: { authorization: `Basic ${Buffer.from(`me:${tokens.a}`).toString('base64')}` } }, 200);
    await ok({ name: 'A JWT reads its report', path: '/v1/projects/PROJECT/report', as: 'jwtA' }, 200);
    await ok({ name: 'read-only key reads', path: '/v1/interviews/INTERVIEW', as: 'aRead' }, 200);
    await ok({ name: 'A lists its project\'s interviews', path: '/v1/projects/PROJECT/interviews', as: 'jwtA' }, 200);
    // B's project list does not show A's project
    const listB = await call({ name: 'B lists projects', path: '/v1/projects', as: 'b' });
    expect(listB.status).toBe(200);
    expect(JSON.stringify(listB.json)).not.toContain(projectA);
    const listA = await call({ name: 'A lists projects', path: '/v1/projects', as: 'a' });
    expect(JSON.stringify(listA.json)).toContain(projectA);
    await ok({ name: 'admin reads metrics', path: '/metrics', as: 'admin' }, 200);
    await ok({ name: 'admin opens Bull Board', path: '/admin/queues', as: 'admin' }, 200);
    await ok({ name: 'admin reads redis stats', path: '/admin/queues/api/redis/stats', as: 'admin' }, 200);
    const page = await call({ name: 'board page', path: '/admin/queues', as: 'admin' });
    expect(page.headers['x-powered-by']).toBeUndefined();
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // a same-origin JSON write with admin:write goes through (pause, then resume the queue)
    const host = new URL(h.baseUrl).host;
    for (const action of ['pause', 'resume']) {
      const res = await call({ name: action, method: 'PUT', path: `/admin/queues/api/queues/evidence/${action}`, as: 'adminW', headers: { origin: `http://${host}` } });
      expect(res.status, `${action}: ${res.text}`).toBeLessThan(300);
    }
    expect(await h.rt.queues.get('evidence').isPaused()).toBe(false);
    // a browser without credentials is asked to log in
    const challenge = await call({ name: 'challenge', path: '/admin/queues', as: 'none' });
    expect(challenge.headers['www-authenticate']).toMatch(/^Basic /);
  });

  it('rate limits per credential, per account and per address, shared through Redis, with Retry-After', async () => {
    const env = {
      AUTH_JWT_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_SUBMISSIONS_PER_MINUTE: '2',
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '3', MAX_CONCURRENT_SUBMISSIONS: '1',
    };
    const auth = loadAuthConfig({ env });
    // two app instances ("pods") sharing the runtime's Redis, with a fresh key prefix
    const rt = { ...h.rt, config: { ...h.rt.config, queuePrefix: `${h.rt.config.queuePrefix}rl` } };
    const pods: Server[] = await Promise.all([0, 1].map(() => new Promise<Server>((resolve) => {
      const s = answerClientErrors(createApp(rt, { auth, authenticator: credentialAuthenticator(h.rt.store, auth.jwt) }).listen(0, '127.0.0.1', () => resolve(s)));
    })));
    const urls = pods.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`);
    try {
      // requests: 5 per minute per credential across both pods
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await send(urls[i % 2]!, 'GET', `/v1/analysis-jobs/${jobA}`, headersFor('aRead'))).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      const limited = await send(urls[0]!, 'GET', `/v1/analysis-jobs/${jobA}`, headersFor('aRead'));
      expect(limited.status).toBe(429);
      expect(limited.json.error.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // another credential of the same account is not affected by that one's limit
      expect((await send(urls[1]!, 'GET', `/v1/analysis-jobs/${jobA}`, headersFor('jwtA'))).status).toBe(200);

      // failed authentications: 3 per minute per address, then 429 even before checking
      const fails: number[] = [];
      for (let i = 0; i < 5; i++) fails.push((await send(urls[i % 2]!, 'GET', '/v1/interviews/x', { authorization: `Bearer ${generateApiKey().key}` })).status);
      expect(fails.slice(0, 3)).toEqual([401, 401, 401]);
      expect(fails.slice(3)).toEqual([429, 429]);

      // submissions in flight: one at a time per account; a held upload blocks the next
      const before = await written();
      const held = request({ host: '127.0.0.1', port: (pods[0]!.address() as AddressInfo).port, method: 'POST', path: '/v1/interviews', agent: false,
        headers: { ...headersFor('b'), ...MP, 'content-length': '100000' } });
      held.on('error', () => {});
      held.write(`--${B_}\r\nContent-Disposition: form-data; name="file"; filename="t.txt"\r\n\r\nAI: hi?\n`);
      await new Promise((r) => setTimeout(r, 300));
      const second = await send(urls[1]!, 'POST', '/v1/interviews', { ...headersFor('b'), 'content-type': 'application/json' }, JSON.stringify({ transcript: TRANSCRIPT }));
      expect(second.status).toBe(429);
      expect(second.json.error.message).toMatch(/in progress/);
      held.destroy();
      await new Promise((r) => setTimeout(r, 300));
      // the slot is released when the held request ends; the per-minute submission limit (2) then applies
      const third = await send(urls[1]!, 'POST', '/v1/interviews', { ...headersFor('b'), 'content-type': 'application/json' }, JSON.stringify({ transcript: TRANSCRIPT }));
      expect(third.status).toBe(429);
      expect(third.json.error.message).toMatch(/submissions for this account/);
      expect((await written()).i).toBe(before.i);
    } finally {
      await Promise.all(pods.map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
    }
  });
});
