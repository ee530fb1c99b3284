import { isIP } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import { ConfigError } from '../config/index.js';
import type { Store } from '../ports/store.js';
import { expandScopes, type Scope } from '../domain/auth.js';
import { hashApiKey, looksLikeApiKey } from './api-key.js';
import type { AuthConfig } from './auth-config.js';
import { createJwtVerifier } from './jwt.js';

/** Who is calling, always derived from the credential (never from the request body). */
export interface AuthContext {
  accountId: string;
  scopes: Set<Scope>;
  kind: 'api-key' | 'jwt' | 'single-account' | 'signed-link';
  /** Stable id of the credential (`key:<id>`, `jwt:<sub>`): rate-limit key and log label. */
  principal: string;
}

export interface Authenticator {
  readonly mode: 'credentials' | 'single-account';
  /** The caller, or null when the request carries no valid credential. */
  authenticate(headers: IncomingHttpHeaders): Promise<AuthContext | null>;
}

const ALL_SCOPES: Scope[] = ['interviews:write', 'read', 'admin', 'admin:write'];

/** Embedded single-user mode: every request acts for one account with every scope. */
export function singleAccountAuthenticator(accountId: string): Authenticator {
  const ctx: AuthContext = { accountId, scopes: expandScopes(ALL_SCOPES), kind: 'single-account', principal: 'single-account' };
  return { mode: 'single-account', authenticate: async () => ctx };
}

/** API keys (looked up by hash in the store) and, when configured, Supabase Auth JWTs. */
export function credentialAuthenticator(store: Store, jwt: AuthConfig['jwt']): Authenticator {
  const verifyJwt = jwt ? createJwtVerifier(jwt) : null;
  const jwtScopes = expandScopes(jwt?.scopes ?? []);
  return {
    mode: 'credentials',
    async authenticate(headers) {
      const token = credentialFrom(headers);
      if (!token) return null;
      if (looksLikeApiKey(token)) {
        const key = await store.verifyApiKey(hashApiKey(token));
        return key ? { accountId: key.accountId, scopes: expandScopes(key.scopes), kind: 'api-key', principal: `key:${key.id}` } : null;
      }
      if (!verifyJwt || token.split('.').length !== 3) return null;
      const claims = await verifyJwt(token);
      return claims ? { accountId: claims.accountId, scopes: jwtScopes, kind: 'jwt', principal: `jwt:${claims.subject}` } : null;
    },
  };
}

/**
 * `Authorization: Bearer <key or JWT>`, `X-API-Key: <key>`, or HTTP Basic with the key (or JWT)
 * as the password: the last is what a browser can send to Bull Board.
 */
export function credentialFrom(headers: IncomingHttpHeaders): string | null {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return apiKey.trim();
  const auth = headers.authorization;
  if (!auth) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const password = colon >= 0 ? decoded.slice(colon + 1) : decoded;
    return password || null;
  }
  return null;
}

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const h = host.replace(/^\[|\]$/g, '');
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
}

/**
 * Chooses how the API authenticates, from AUTH_MODE, the JWT settings and the keys in the store.
 * Single-account mode (no credentials at all) is refused on a non-loopback address: an API that
 * anyone on the network could use as the default account must be an explicit decision.
 */
export async function resolveAuthenticator(opts: {
  store: Store;
  auth: AuthConfig;
  host: string;
  defaultAccountId: string;
}): Promise<{ authenticator: Authenticator; reason: string }> {
  const { store, auth, host } = opts;
  const keys = auth.mode === 'single-account' ? 0 : await store.countActiveApiKeys();
  const single = auth.mode === 'single-account' || (auth.mode === 'auto' && !auth.jwt && keys === 0);
  if (single) {
    if (!isLoopbackHost(host) && !auth.singleAccountAnyHost) {
      throw new ConfigError(
        `refusing to serve without authentication on ${host}: create an API key (interview-flow keys create), ` +
        'configure AUTH_JWT_SECRET or AUTH_JWKS_URL, or listen on 127.0.0.1',
      );
    }
    return {
      authenticator: singleAccountAuthenticator(opts.defaultAccountId),
      reason: (auth.mode === 'single-account' ? 'AUTH_MODE=single-account' : 'no API keys and no JWT settings') +
        (isLoopbackHost(host) ? '' : `; listening on ${host} because AUTH_SINGLE_ACCOUNT_ANY_HOST=true: keep the port private`),
    };
  }
  const how = [keys ? `${keys} API key(s)` : 'API keys', auth.jwt ? (auth.jwt.jwksUrl ? 'JWTs (JWKS)' : 'JWTs (HS256)') : null].filter(Boolean);
  return { authenticator: credentialAuthenticator(store, auth.jwt), reason: how.join(' and ') };
}
