import { RpcStore } from '../rpc-store.js';
import { SupabaseTransport, type SupabaseTransportOptions } from './transport.js';

export { SupabaseTransport, SupabaseRpcError, type SupabaseTransportOptions } from './transport.js';

/**
 * The Supabase store: SUPABASE_URL and the service role key (workers act for every account, so
 * they use the role that bypasses RLS). The migrations must have been pushed (`supabase db push`).
 */
export function createSupabaseStore(url: string, serviceRoleKey: string, opts: SupabaseTransportOptions = {}): RpcStore {
  return new RpcStore(new SupabaseTransport(url, serviceRoleKey, opts));
}
