import { credentialAuthenticator } from '../../src/auth/authenticator.js';
import { loadAuthConfig } from '../../src/auth/auth-config.js';
import { generateApiKey } from '../../src/auth/api-key.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import type { Scope } from '../../src/domain/auth.js';
import type { Harness } from './harness.js';

/** The harness's `app` option for an API that authenticates API keys and JWTs as in production. */
export function credentialAuthApp(env: Record<string, string>) {
  return (rt: Runtime) => {
    const auth = loadAuthConfig({ env });
    return { auth, authenticator: credentialAuthenticator(rt.store, auth.jwt) };
  };
}

/** Creates an API key of `accountId` and returns the Bearer headers that use it. */
export async function apiKeyHeaders(h: Harness, accountId: string, name: string, scopes: Scope[] = ['interviews:write', 'read']): Promise<{ authorization: string }> {
  const k = generateApiKey();
  await h.rt.store.createApiKey({ accountId, name, prefix: k.prefix, hash: k.hash, scopes });
  return { authorization: `Bearer ${k.key}` };
}
