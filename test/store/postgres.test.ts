import pg from 'pg';
import { RpcStore } from '../../src/store/rpc-store.js';
import { PostgresTransport } from '../../src/store/postgres/transport.js';
import { createTestDatabase } from '../support/db.js';
import { storeContract } from './contract.js';

storeContract('postgres', async () => {
  const db = await createTestDatabase();
  const store = new RpcStore(new PostgresTransport(db.url, { max: 6 }));
  const raw = new pg.Pool({ connectionString: db.url, max: 2 });
  raw.on('error', () => {}); // idle clients of a database being dropped
  return {
    store,
    sql: async (text, params) => (await raw.query(text, params)).rows,
    async close() {
      await store.close();
      await raw.end();
      await db.drop();
    },
  };
});
