/**
 * What an interview's SQL calls cost after the store sat idle (a trickle of submissions, an API
 * between requests): runs `warm` interviews through the step path (bench/lib/step-path.ts),
 * then `gaps` times waits `gapS` seconds and times one more interview (wall time of its 15 calls)
 * and counts the server sessions opened meanwhile (pg_stat_database.sessions): a connection the
 * pool closed while idle is opened again and its backend plans and compiles every function anew.
 *   npx tsx bench/store-idle.ts [gaps=3] [gapS=11] [warm=20]
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { RpcStore } from '../src/store/rpc-store.js';
import { PostgresTransport } from '../src/store/postgres/transport.js';
import { createTestDatabase } from '../test/support/db.js';
import { runStepPath } from './lib/step-path.js';
import type { Store } from '../src/ports/store.js';

const gaps = Number(process.argv[2] ?? 3);
const gapS = Number(process.argv[3] ?? 11);
const warm = Number(process.argv[4] ?? 20);
const db = await createTestDatabase('iflow_idle');
const store: Store = new RpcStore(new PostgresTransport(db.url, { max: 1 }));
const account = '00000000-0000-4000-8000-000000000001';
const project = '00000000-0000-4000-8000-000000000002';

/** The pipeline's calls for one interview; returns their wall time (the outputs' reads excluded). */
async function one(): Promise<number> {
  let ms = 0;
  await runStepPath(store, account, project, async (call) => { const t0 = performance.now(); const r = await call(); ms += performance.now() - t0; return r; });
  return ms;
}

const admin = new pg.Client({ connectionString: db.url });
await admin.connect();
const sessions = async () => { await admin.query('select pg_stat_clear_snapshot()'); return Number((await admin.query('select sessions from pg_stat_database where datname = current_database()')).rows[0].sessions); };
const warmMs: number[] = [];
for (let i = 0; i < warm; i++) warmMs.push(await one());
const after: string[] = [];
for (let g = 0; g < gaps; g++) {
  await new Promise((r) => setTimeout(r, gapS * 1000));
  const s0 = await sessions();
  const ms = await one();
  // session counts reach the statistics when the backend ends or reports: read after a pause
  after.push(`${ms.toFixed(1)} ms (sessions +${(await sessions()) - s0})`);
}
const last = warmMs.slice(-5);
console.log(`store-idle: warm ${(last.reduce((a, b) => a + b, 0) / last.length).toFixed(1)} ms/interview (last 5 of ${warm}); after ${gapS} s idle: ${after.join(', ')}`);
await admin.end();
await store.close();
await db.drop();
process.exit(0);
