import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../../src/auth/jwt.js';
import { loadAuthConfig } from '../../src/auth/auth-config.js';

/**
 * Supabase Auth tokens signed with asymmetric keys, verified against a JWKS served over HTTP
 * (what https://<ref>.supabase.co/auth/v1/.well-known/jwks.json serves), and with the HS256
 * secret. Algorithm confusion and foreign keys are refused.
 */
describe('JWT verification', () => {
  let server: Server;
  let jwksUrl: string;
  let key: CryptoKey;
  let other: CryptoKey;
  const account = randomUUID();
  let jwksHits = 0;

  const sign = (alg: string, k: CryptoKey | Uint8Array, claims: Record<string, unknown> = { account_id: account }, kid = 'k1') =>
    new SignJWT({ role: 'authenticated', ...claims }).setProtectedHeader({ alg, kid }).setSubject('user-1')
      .setAudience('authenticated').setIssuer('https://example.supabase.co/auth/v1').setIssuedAt().setExpirationTime('5m').sign(k);

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    other = (await generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((req, res) => {
      jwksHits++;
      if (req.url !== '/auth/v1/.well-known/jwks.json') { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/v1/.well-known/jwks.json`;
  });
  afterAll(async () => { await new Promise((r) => server.close(r)); });

  it('verifies ES256 tokens against the JWKS and takes the account from the claims', async () => {
    const { jwt } = loadAuthConfig({ env: { AUTH_JWKS_URL: jwksUrl, AUTH_JWT_ISSUER: 'https://example.supabase.co/auth/v1' } });
    const verify = createJwtVerifier(jwt!);
    expect(await verify(await sign('ES256', key))).toEqual({ accountId: account, subject: 'user-1' });
    expect(await verify(await sign('ES256', key, { app_metadata: { account_id: account } }))).toEqual({ accountId: account, subject: 'user-1' });
    expect(jwksHits).toBeGreaterThan(0);
  });

  it('refuses a foreign key, a wrong issuer, HS256 against a JWKS, and a missing account', async () => {
    const { jwt } = loadAuthConfig({ env: { AUTH_JWKS_URL: jwksUrl, AUTH_JWT_ISSUER: 'https://example.supabase.co/auth/v1' } });
    const verify = createJwtVerifier(jwt!);
    expect(await verify(await sign('ES256', other))).toBeNull();
    expect(await verify(await sign('ES256', other, { account_id: account }, 'unknown-kid'))).toBeNull();
    // HS256 "signed" with the public key's bytes: the classic algorithm confusion
    const publicJwk = JSON.stringify((await fetch(jwksUrl).then((r) => r.json()) as { keys: unknown[] }).keys[0]);
    expect(await verify(await sign('HS256', new TextEncoder().encode(publicJwk)))).toBeNull();
    expect(await verify(await sign('ES256', key, { user_metadata: { account_id: account } }))).toBeNull();
    const wrongIssuer = await new SignJWT({ account_id: account }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('u')
      .setAudience('authenticated').setIssuer('https://evil.example').setExpirationTime('5m').sign(key);
    expect(await verify(wrongIssuer)).toBeNull();
  });

  it('with the HS256 secret: verifies, and refuses asymmetric tokens it cannot check', async () => {
    const secret = 's'.repeat(40);
    const { jwt } = loadAuthConfig({ env: { AUTH_JWT_SECRET: secret } });
    const verify = createJwtVerifier(jwt!);
    expect(await verify(await sign('HS256', new TextEncoder().encode(secret)))).toEqual({ accountId: account, subject: 'user-1' });
    expect(await verify(await sign('ES256', key))).toBeNull();
    expect(await verify('not.a.jwt')).toBeNull();
  });

  it('refuses a short secret and an unknown scope at start', () => {
    expect(() => loadAuthConfig({ env: { AUTH_JWT_SECRET: 'short' } })).toThrow(/AUTH_JWT_SECRET/);
    expect(() => loadAuthConfig({ env: { AUTH_JWT_SCOPES: 'read,root' } })).toThrow(/AUTH_JWT_SCOPES/);
  });
});
