import type { Config } from '../config/index.js';
import type { Store } from '../ports/store.js';
import { RpcStore } from './rpc-store.js';
import { TracedTransport } from './traced-transport.js';
import { PostgresTransport } from './postgres/transport.js';
import { migrate } from './migrate.js';
import type { RpcTransport } from './rpc.js';

export interface OpenedStore {
  store: Store;
  /** Applies pending migrations through this store's connection; returns the names applied. */
  migrate(): Promise<string[]>;
  /** True when the database lives inside this process (other processes cannot share it). */
  embedded: boolean;
}

type DatabaseConfig = Config['database'];
interface OpenedDriver {
  transport: RpcTransport;
  migrate?: () => Promise<string[]>;
  embedded: boolean;
}

/** Driver registry: one entry per driver; each driver is one folder under src/store/. */
const DRIVERS: { [K in DatabaseConfig['kind']]: (db: Extract<DatabaseConfig, { kind: K }>) => Promise<OpenedDriver> } = {
  postgres: async (db) => {
    const transport = new PostgresTransport(db.url, { max: db.poolMax, prepared: db.preparedStatements });
    return {
      transport,
      embedded: false,
      migrate: async () => {
        // one session: the advisory lock and each migration's transaction need it
        const client = await transport.pool.connect();
        try {
          return await migrate({ exec: async (sql) => { await client.query(sql); }, query: (sql, p) => client.query(sql, p) });
        } finally {
          client.release();
        }
      },
    };
  },
  supabase: async (db) => {
    const { SupabaseTransport } = await import('./supabase/transport.js');
    return { transport: new SupabaseTransport(db.url, db.serviceRoleKey), embedded: false };
  },
  embedded: async (db) => {
    const { PgliteTransport, pgliteMigrationTarget } = await import('./pglite/index.js');
    // opening applies pending migrations: the embedded store has no separate migrate step
    const transport = await PgliteTransport.open({ dataDir: `${db.dataDir}/pglite` });
    return { transport, embedded: true, migrate: () => migrate(pgliteMigrationTarget(transport.db)) };
  },
};

export async function openStore(db: DatabaseConfig): Promise<OpenedStore> {
  const driver = await (DRIVERS[db.kind] as (d: DatabaseConfig) => Promise<OpenedDriver>)(db);
  return {
    // every SQL function call is a span (src/store/traced-transport.ts)
    store: new RpcStore(new TracedTransport(driver.transport)),
    embedded: driver.embedded,
    migrate: async () => {
      if (!driver.migrate) {
        throw new Error(`the ${db.kind} driver does not apply migrations: push supabase/migrations with \`supabase db push\` (see README)`);
      }
      return driver.migrate();
    },
  };
}
