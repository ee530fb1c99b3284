import { z } from 'zod';
import { ConfigError, type Config } from '../config/index.js';
import { Scope } from '../domain/auth.js';

const Env = z.object({
  AUTH_MODE: z.enum(['auto', 'required', 'single-account']).default('auto'),
  AUTH_SINGLE_ACCOUNT_ANY_HOST: z.enum(['true', 'false']).default('false'),
  AUTH_JWT_SECRET: z.string().min(32, 'use the project\'s JWT secret (at least 32 characters)').optional(),
  SUPABASE_JWT_SECRET: z.string().min(32).optional(),
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTH_JWT_AUDIENCE: z.string().min(1).default('authenticated'),
  AUTH_JWT_ISSUER: z.string().min(1).optional(),
  AUTH_JWT_SCOPES: z.string().default('interviews:write,read'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_SUBMISSIONS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  MAX_CONCURRENT_SUBMISSIONS: z.coerce.number().int().min(1).default(8),
  MAX_TRANSCRIPT_CHARS: z.coerce.number().int().min(1).default(2_000_000),
  MAX_TRANSCRIPT_LINES: z.coerce.number().int().min(1).default(40_000),
});

export interface AuthConfig {
  /**
   * `auto` (default): credentials are required when JWT verification is configured or an API key
   * exists; otherwise the API runs in single-account mode (loopback only). `required` never falls
   * back; `single-account` is the explicit embedded mode.
   */
  mode: 'auto' | 'required' | 'single-account';
  /**
   * Lets single-account mode listen on a non-loopback address: only for a container whose port
   * is published on the host's loopback (docker-compose.yml) or behind an authenticating proxy.
   */
  singleAccountAnyHost: boolean;
  jwt: { secret?: string | undefined; jwksUrl?: string | undefined; audience: string; issuer?: string | undefined; scopes: Scope[] } | null;
  limits: {
    /** Requests per minute per credential, shared by every API process through Redis. */
    requestsPerMinute: number;
    /** POST /v1/interviews per minute per account. */
    submissionsPerMinute: number;
    /** Failed authentications per minute per client address before 429. */
    authFailuresPerMinute: number;
    /** Submissions of one account being received at the same time (uploads included). */
    concurrentSubmissions: number;
    /**
     * A submitted transcript is parsed on the request (to refuse bad input before anything is
     * written); these bound that work so one request cannot stall the event loop: characters,
     * and lines (a turn takes at least one line; VTT/SRT about four).
     */
    transcriptChars: number;
    transcriptLines: number;
  };
}

export function loadAuthConfig(config: Pick<Config, 'env'>): AuthConfig {
  const cleaned = Object.fromEntries(Object.entries(config.env).filter(([, v]) => v !== undefined && v !== ''));
  const res = Env.safeParse(cleaned);
  if (!res.success) {
    throw new ConfigError(`invalid configuration: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = res.data;
  const secret = e.AUTH_JWT_SECRET ?? e.SUPABASE_JWT_SECRET;
  const scopes = e.AUTH_JWT_SCOPES.split(',').map((s) => s.trim()).filter(Boolean);
  const parsedScopes = z.array(Scope).safeParse(scopes);
  if (!parsedScopes.success) throw new ConfigError(`invalid configuration: AUTH_JWT_SCOPES: unknown scope in ${JSON.stringify(e.AUTH_JWT_SCOPES)}`);
  return {
    mode: e.AUTH_MODE,
    singleAccountAnyHost: e.AUTH_SINGLE_ACCOUNT_ANY_HOST === 'true',
    jwt: secret || e.AUTH_JWKS_URL
      ? { secret, jwksUrl: e.AUTH_JWKS_URL, audience: e.AUTH_JWT_AUDIENCE, issuer: e.AUTH_JWT_ISSUER, scopes: parsedScopes.data }
      : null,
    limits: {
      requestsPerMinute: e.RATE_LIMIT_PER_MINUTE,
      submissionsPerMinute: e.RATE_LIMIT_SUBMISSIONS_PER_MINUTE,
      authFailuresPerMinute: e.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
      concurrentSubmissions: e.MAX_CONCURRENT_SUBMISSIONS,
      transcriptChars: e.MAX_TRANSCRIPT_CHARS,
      transcriptLines: e.MAX_TRANSCRIPT_LINES,
    },
  };
}
