import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { RpcTransport } from '../rpc.js';
import { StoreError } from '../../domain/run-errors.js';
import { storeErrorFor } from '../sqlstate-errors.js';
import { asUnavailable } from '../unavailable.js';

/** A PostgREST error body ({code, message, details, hint}) that maps to no typed store error. */
export class SupabaseRpcError extends StoreError {
  override name = 'SupabaseRpcError';
  constructor(message: string, readonly code: string, readonly details: string | null, readonly hint: string | null) {
    super(message);
  }
}

class NoRealtime {
  constructor() {
    throw new Error('interview-flow does not use Supabase Realtime');
  }
}

export interface SupabaseTransportOptions {
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch | undefined;
}

/**
 * supabase-js driver (SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY): every Store call is one
 * `rpc(fn, namedArgs)` of the same SQL function the Postgres driver calls, through PostgREST.
 * It uses nothing beyond POST /rpc with named arguments and PostgREST's error body, the subset
 * test/support/postgrest-server.ts implements. Each rpc is its own transaction in PostgREST, as
 * each `select fn(...)` is in the Postgres driver.
 */
export class SupabaseTransport implements RpcTransport {
  readonly name = 'supabase';
  readonly client: SupabaseClient;

  constructor(url: string, key: string, opts: SupabaseTransportOptions = {}) {
    this.client = createClient(url, key, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      db: { schema: 'public' },
      // Realtime is never used; supabase-js builds its client eagerly and, on Node 20 (no global
      // WebSocket), throws unless given a transport. This one refuses to connect if ever asked.
      realtime: { transport: NoRealtime as never },
      ...(opts.fetch ? { global: { fetch: opts.fetch } } : {}),
    });
  }

  async call<T>(fn: string, args: Record<string, unknown>): Promise<T> {
    if (!/^[a-z_][a-z0-9_]*$/.test(fn)) throw new Error(`invalid function name ${fn}`);
    // like the Postgres driver: an undefined argument is SQL null
    const named = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v === undefined ? null : v]));
    const { data, error } = await this.client.rpc(fn, named).then((r) => r, (err: unknown) => { throw asUnavailable(err) ?? err; });
    if (error) {
      // supabase-js reports a network failure as an error body without a SQLSTATE
      const unavailable = !error.code ? asUnavailable(error) : undefined;
      if (unavailable) throw unavailable;
      const code = error.code ?? '';
      const message = error.message ?? 'supabase rpc failed';
      throw storeErrorFor(code, message)
        ?? new SupabaseRpcError(`${fn}: ${message}`, code, error.details ?? null, error.hint ?? null);
    }
    return (data ?? null) as T;
  }

  async close(): Promise<void> {
    await this.client.removeAllChannels();
  }
}
