import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { AuthConfig } from './auth-config.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface VerifiedJwt {
  accountId: string;
  subject: string;
}

export type JwtVerifier = (token: string) => Promise<VerifiedJwt | null>;

/**
 * Verifies Supabase Auth access tokens with jose: HS256 with the project's JWT secret, or the
 * project's JWKS (asymmetric keys). The account is the `account_id` claim (a custom access token
 * hook) or `app_metadata.account_id` (server-controlled); never `user_metadata`, which users
 * edit themselves. The same rule as the RLS policies (iflow_jwt_account()).
 */
export function createJwtVerifier(jwt: NonNullable<AuthConfig['jwt']>): JwtVerifier {
  const options = { audience: jwt.audience, issuer: jwt.issuer, requiredClaims: ['exp', 'sub'] };
  const secret = jwt.secret ? new TextEncoder().encode(jwt.secret) : undefined;
  const jwks = jwt.jwksUrl ? createRemoteJWKSet(new URL(jwt.jwksUrl)) : undefined;
  return async (token) => {
    let payload: JWTPayload | undefined;
    try {
      if (secret) payload = (await tryVerify(() => jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })))?.payload;
      if (!payload && jwks) payload = (await jwtVerify(token, jwks, { ...options, algorithms: ['RS256', 'ES256', 'EdDSA'] })).payload;
    } catch (err) {
      if (err instanceof errors.JOSEError) return null;
      throw err;
    }
    if (!payload) return null;
    const appMeta = payload.app_metadata as Record<string, unknown> | undefined;
    const account = payload.account_id ?? appMeta?.account_id;
    if (typeof account !== 'string' || !UUID_RE.test(account)) return null;
    return { accountId: account.toLowerCase(), subject: String(payload.sub) };
  };
}

/** With both a secret and a JWKS configured, a token the secret rejects may still be asymmetric. */
async function tryVerify<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof errors.JOSEError) return undefined;
    throw err;
  }
}
