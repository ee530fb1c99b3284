import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { credentialAuthenticator } from '../../src/auth/authenticator.js';
import { loadAuthConfig } from '../../src/auth/auth-config.js';
import { generateApiKey } from '../../src/auth/api-key.js';
import type { Scope } from '../../src/domain/auth.js';

/**
 * Tenant isolation with two real API keys and two Supabase-style JWTs (HS256, signed with the
 * project secret): every read and write is scoped to the credential's account, another
 * account's ids answer 404, and nothing is written by a refused request.
 */

const SECRET = 'test-jwt-secret-with-at-least-32-characters!!';
const A = randomUUID();
const B = randomUUID();
const TRANSCRIPT = 'AI: What tools do you use?\n\nUser: Mostly Figma, and I hate exporting assets because it takes ages.';

async function jwt(claims: Record<string, unknown>, opts: { secret?: string; expiresIn?: string; aud?: string } = {}) {
  return new SignJWT({ role: 'authenticated', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(claims.sub ?? randomUUID()))
    .setAudience(opts.aud ?? 'authenticated')
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(opts.secret ?? SECRET));
}

describe('tenancy: API keys and JWTs', () => {
  let h: Harness;
  let db: pg.Client;
  const keys: Record<string, string> = {};
  let jwtA: string;
  let jwtB: string;
  let jobA: string;
  let interviewA: string;
  let projectA: string;

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const count = async (table: string) => Number((await db.query(`select count(*) n from ${table}`)).rows[0].n);

  beforeAll(async () => {
    const env = { AUTH_JWT_SECRET: SECRET };
    h = await createHarness({
      env,
      app: (rt) => {
        const auth = loadAuthConfig({ env });
        return { auth, authenticator: credentialAuthenticator(rt.store, auth.jwt) };
      },
    });
    const make = async (name: string, accountId: string, scopes: Scope[]) => {
      const k = generateApiKey();
      await h.rt.store.createApiKey({ accountId, name, prefix: k.prefix, hash: k.hash, scopes });
      keys[name] = k.key;
    };
    await make('a', A, ['interviews:write', 'read']);
    await make('b', B, ['interviews:write', 'read']);
    await make('aRead', A, ['read']);
    await make('revoked', A, ['interviews:write', 'read']);
    const revoked = (await h.rt.store.listApiKeys(A)).find((k) => k.name === 'revoked')!;
    await h.rt.store.revokeApiKey(revoked.id);
    jwtA = await jwt({ account_id: A });
    jwtB = await jwt({ app_metadata: { account_id: B } });
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();

    const res = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: TRANSCRIPT }, as(keys.a!));
    expect(res.status).toBe(202);
    jobA = res.body.analysisJobId;
    interviewA = res.body.interviewId;
    projectA = (await h.waitForJob(jobA, (j) => j.status === 'completed')).projectId;
  });
  afterAll(async () => {
    await db?.end();
    await h?.close();
  });

  it('stores the submission under the credential\'s account and its own default project', async () => {
    const { rows } = await db.query('select account_id, project_id from interviews where id = $1', [interviewA]);
    expect(rows[0].account_id).toBe(A);
    const fromB = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: TRANSCRIPT }, as(keys.b!));
    expect(fromB.status).toBe(202);
    const b = await db.query('select account_id, project_id from interviews where id = $1', [fromB.body.interviewId]);
    expect(b.rows[0].account_id).toBe(B);
    expect(b.rows[0].project_id).not.toBe(rows[0].project_id);
  });

  it('lets the owner read with its key and its JWT', async () => {
    for (const token of [keys.a!, keys.aRead!, jwtA]) {
      expect((await http(h.baseUrl, 'GET', `/v1/analysis-jobs/${jobA}`, undefined, as(token))).status).toBe(200);
      const report = await http(h.baseUrl, 'GET', `/v1/interviews/${interviewA}`, undefined, as(token));
      expect(report.status).toBe(200);
      expect(report.body.accountId).toBe(A);
    }
  });

  it('answers 404 to the other account, with its key and with its JWT', async () => {
    for (const token of [keys.b!, jwtB]) {
      const job = await http(h.baseUrl, 'GET', `/v1/analysis-jobs/${jobA}`, undefined, as(token));
      expect(job.status).toBe(404);
      expect(job.body.error.code).toBe('not_found');
      expect((await http(h.baseUrl, 'GET', `/v1/interviews/${interviewA}`, undefined, as(token))).status).toBe(404);
      for (const path of [`/v1/interviews/${interviewA}/report`, `/v1/interviews/${interviewA}/media`, `/v1/projects/${projectA}/report`]) {
        const r = await http(h.baseUrl, 'GET', path, undefined, as(token));
        expect(r.status, path).toBe(404);
        expect(r.body.error.code, path).toBe('not_found');
      }
    }
    // the owner reaches its report pages
    expect((await http(h.baseUrl, 'GET', `/v1/projects/${projectA}/report`, undefined, as(keys.a!))).status).toBe(200);
    expect((await http(h.baseUrl, 'GET', `/v1/interviews/${interviewA}/report`, undefined, as(jwtA))).status).toBe(200);
  });

  it('refuses to resume another account\'s job (404) and starts nothing', async () => {
    const before = (await h.rt.store.getAnalysisJob(jobA))!.currentRun;
    for (const token of [keys.b!, jwtB]) {
      const res = await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${jobA}/resume`, { resumeFrom: 'evidence' }, as(token));
      expect(res.status).toBe(404);
    }
    expect((await h.rt.store.getAnalysisJob(jobA))!.currentRun).toBe(before);
  });

  it('never takes the account from the body', async () => {
    const before = await count('interviews');
    const res = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: TRANSCRIPT, accountId: B }, as(keys.a!));
    expect(res.status).toBe(403);
    expect(await count('interviews')).toBe(before);
    // naming one's own account is accepted
    const own = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: TRANSCRIPT, accountId: A }, as(jwtA));
    expect(own.status).toBe(202);
  });

  it('refuses missing, revoked, forged, expired and mis-scoped credentials with 401 and writes nothing', async () => {
    const before = await count('interviews');
    const bad: [string, Record<string, string>][] = [
      ['none', {}],
      ['revoked key', as(keys.revoked!)],
      ['unknown key', as(generateApiKey().key)],
      ['wrong secret', as(await jwt({ account_id: A }, { secret: 'another-secret-that-is-long-enough-1234567' }))],
      ['expired', as(await jwt({ account_id: A }, { expiresIn: '-1m' }))],
      ['wrong audience', as(await jwt({ account_id: A }, { aud: 'anon' }))],
      ['no account claim', as(await jwt({}))],
      ['account only in user_metadata', as(await jwt({ user_metadata: { account_id: A } }))],
      ['account not a uuid', as(await jwt({ account_id: 'abc' }))],
      ['alg none', as(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ account_id: A, sub: 'x', aud: 'authenticated', exp: 9e9 })).toString('base64url')}.`)],
    ];
    for (const [name, headers] of bad) {
      const res = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: TRANSCRIPT }, headers);
      expect(res.status, name).toBe(401);
      expect(res.body.error.code, name).toBe('unauthorized');
    }
    expect(await count('interviews')).toBe(before);
  });

  it('a read-only key cannot submit or resume (403)', async () => {
    expect((await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: TRANSCRIPT }, as(keys.aRead!))).status).toBe(403);
    expect((await http(h.baseUrl, 'POST', `/v1/analysis-jobs/${jobA}/resume`, {}, as(keys.aRead!))).status).toBe(403);
  });
});
