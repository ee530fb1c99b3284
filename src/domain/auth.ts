import { z } from 'zod';

/**
 * What a credential may do. `interviews:write` submits and resumes; `read` reads the account's
 * interviews and jobs; `admin` reaches Bull Board (read-only) and /metrics, which span every
 * account; `admin:write` also allows Bull Board's write actions (retry, clean, pause, add).
 */
export const Scope = z.enum(['interviews:write', 'read', 'admin', 'admin:write']);
export type Scope = z.infer<typeof Scope>;

/** Scopes a credential implicitly has because it has another (admin:write is also admin). */
export function expandScopes(scopes: readonly Scope[]): Set<Scope> {
  const out = new Set(scopes);
  if (out.has('admin:write')) out.add('admin');
  return out;
}

export const ApiKeyRecord = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(Scope),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecord>;

export interface NewApiKey {
  accountId: string;
  name: string;
  /** Shown in listings to tell keys apart; never enough to use the key. */
  prefix: string;
  /** SHA-256 (hex) of the whole key. */
  hash: string;
  scopes: Scope[];
}
