import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { RpcStore } from '../../src/store/rpc-store.js';
import { PostgresTransport } from '../../src/store/postgres/transport.js';
import { createTestDatabase } from './db.js';

/** A fresh migrated database for one test file, with a raw pool and the RpcStore on it. */
export interface StoreDatabase {
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  /** Plain pg pool, for reading and writing rows behind the store's back. */
  raw: pg.Pool;
  store: RpcStore;
}

/**
 * Registers beforeAll/afterAll in the calling describe: creates the database, a raw pool and
 * an RpcStore (each max 2 connections), and closes and drops them after. The fields are set
 * once beforeAll has run, so read them inside tests.
 */
export function useStoreDatabase(): StoreDatabase {
  const t = {} as StoreDatabase;
  beforeAll(async () => {
    t.db = await createTestDatabase();
    t.raw = new pg.Pool({ connectionString: t.db.url, max: 2 });
    t.raw.on('error', () => {});
    t.store = new RpcStore(new PostgresTransport(t.db.url, { max: 2 }));
  });
  afterAll(async () => {
    await t.store?.close();
    await t.raw?.end();
    await t.db?.drop();
  });
  return t;
}
