/**
 * Postgres backend CPU per interview of the step path alone (no BullMQ, no analyzer): one
 * connection runs, for each interview, every SQL call the pipeline makes (bench/lib/step-path.ts),
 * and the backend's CPU time (utime+stime from /proc, so on the same machine as Postgres) is read
 * before and after. CPU time, not wall time: steadier on a shared, loaded machine. Interviews all
 * in one project, so per-project growth shows as a trend.
 *   npx tsx bench/store-cpu.ts [n=300] [warm=30]
 */
import { readFileSync } from 'node:fs';
import { RpcStore } from '../src/store/rpc-store.js';
import { PostgresTransport } from '../src/store/postgres/transport.js';
import { createTestDatabase } from '../test/support/db.js';
import { parallelOutputs } from '../test/store/fixtures.js';
import { runStepPath } from './lib/step-path.js';
import type { Store } from '../src/ports/store.js';

const n = Number(process.argv[2] ?? 300);
const warm = Number(process.argv[3] ?? 30);
const db = await createTestDatabase('iflow_cpu');
const transport = new PostgresTransport(db.url, { max: 1 });
const store: Store = new RpcStore(transport);
const pid = Number((await transport.pool.query('select pg_backend_pid() as p')).rows[0].p);
const ticks = () => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return Number(f[11]) + Number(f[12]); };
const account = '00000000-0000-4000-8000-000000000001';
const project = '00000000-0000-4000-8000-000000000002';

let lastInterview = '';
const one = async () => { lastInterview = await runStepPath(store, account, project); };

for (let i = 0; i < warm; i++) await one();
// parallelOutputs' three reads are not pipeline calls: time them apart and take them out
const t0 = ticks();
for (let i = 0; i < n; i++) await one();
const t1 = ticks();
const r0 = ticks();
for (let i = 0; i < n; i++) await parallelOutputs(store, lastInterview);
const r1 = ticks();
const hz = 100;
const all = (t1 - t0) / hz * 1000 / n;
const reads = (r1 - r0) / hz * 1000 / n;
console.log(`store-cpu: ${n} interviews after ${warm}: backend CPU ${all.toFixed(2)} ms/interview, minus fixture reads ${reads.toFixed(2)} = ${(all - reads).toFixed(2)} ms`);
await store.close();
// KEEP=1 leaves the database for a look at its statistics (its name is printed)
if (process.env.KEEP === '1') console.log(`kept ${db.name}`); else await db.drop();
process.exit(0);
