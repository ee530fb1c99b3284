import { RpcStore } from '../rpc-store.js';
import { PgliteTransport, type PgliteOptions } from './transport.js';

export { PgliteTransport, pgliteMigrationTarget, DEFAULT_PGLITE_DIR, type PgliteOptions } from './transport.js';
export { DataDirBusyError } from './lock.js';

/** The embedded store: PGlite under `dataDir` (default .data/pglite), migrated on open. */
export async function createPgliteStore(opts: PgliteOptions = {}): Promise<RpcStore> {
  return new RpcStore(await PgliteTransport.open(opts));
}
