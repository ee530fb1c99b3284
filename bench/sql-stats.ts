/**
 * Per-statement Postgres cost of the instant pipeline (pg_stat_statements): needs a server with
 * pg_stat_statements preloaded (TEST_DATABASE_URL). Prints calls/interview, mean and total exec
 * time and rows for the top statements of a batch, plus pg_stat_user_functions self time.
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5499/postgres npx tsx bench/sql-stats.ts [n]
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { InstantAnalyzer } from './instant-analyzer.js';
import { LocalAnalyzer } from '../src/analyzers/local/index.js';
import { parseTranscriptCsv } from '../src/transcript-formats/index.js';
import { openPipeline, withClient, functionStats } from './lib/pipeline-harness.js';

const n = Number(process.argv[2] ?? 200);
const examplesDir = fileURLToPath(new URL('../examples/', import.meta.url));
const questions = (await readFile(`${examplesDir}questions.txt`, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const examples = await Promise.all(['creative-01.txt', 'creative-02.txt', 'creative-03.txt'].map((f) => readFile(examplesDir + f, 'utf8')));
// ANALYZER=local: the local analyzer on the creatives tuning set (as bench/profile-pipeline.ts)
const local = process.env.ANALYZER === 'local';
const csv = fileURLToPath(new URL('../../shared/data/anthropic-interviewer/creatives_transcripts.csv', import.meta.url));
const texts = local && existsSync(csv) ? parseTranscriptCsv(readFileSync(csv, 'utf8')).map((r) => r.text) : examples;
const p = await openPipeline({ analyzer: local ? new LocalAnalyzer() : new InstantAnalyzer(), concurrency: 20, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', questions });
await p.runBatch(examples);
const admin = process.env.TEST_DATABASE_URL!;
const dbName = new URL(p.dbUrl).pathname.slice(1);
await withClient(admin, async (c) => { await c.query('create extension if not exists pg_stat_statements'); await c.query('select pg_stat_statements_reset()'); });
await withClient(p.dbUrl, (c) => c.query('select pg_stat_reset()'));
const batch = Array.from({ length: n }, (_, i) => texts[i % texts.length]!);
if (process.env.SEQUENTIAL === '1') { for (const t of batch) await p.run(t); } else await p.runBatch(batch);
// table counters reach the statistics when a backend has been idle a while (up to 10 s)
await new Promise((r) => setTimeout(r, 11_000));
const fns = await functionStats(p.dbUrl);
const tables = await withClient(p.dbUrl, async (c) => (await c.query(
  'select relname, seq_scan::int, seq_tup_read::int from pg_stat_user_tables where seq_scan > 0 order by seq_tup_read desc limit 12')).rows);
console.log('seq scans: ' + tables.map((t) => `${t.relname} ${t.seq_scan}/${t.seq_tup_read} rows`).join(', '));
const rows = await withClient(admin, async (c) => (await c.query(
  `select s.toplevel, s.calls::int, s.total_exec_time, s.total_plan_time, s.plans::int, s.rows::int, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 110) q
   from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = $1 order by s.total_exec_time + s.total_plan_time desc limit ${Number(process.env.TOP ?? 40)}`, [dbName])).rows);
const all = await withClient(admin, async (c) => (await c.query(
  `select sum(calls) filter (where toplevel)::int calls, sum(total_exec_time) filter (where toplevel) ms from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = $1`, [dbName])).rows[0]);
console.log(`n=${n} toplevel calls/interview ${(all.calls / n).toFixed(2)}, toplevel exec ms/interview ${(all.ms / n).toFixed(3)}`);
for (const r of rows) console.log(`${r.toplevel ? 'T' : ' '} ${(r.calls / n).toFixed(2).padStart(7)}/iv ${(r.total_exec_time / n).toFixed(3).padStart(7)} ms/iv mean ${(r.total_exec_time / r.calls).toFixed(3)} rows/iv ${(r.rows / n).toFixed(1).padStart(6)} plan ${(r.plans / n).toFixed(2)}/iv ${(r.total_plan_time / n).toFixed(3)}ms  ${r.q}`);
console.log('--- functions (self ms/interview, total ms/interview, calls/interview)');
for (const [f, s] of [...fns].sort((a, b) => b[1].selfMs - a[1].selfMs).slice(0, 30)) console.log(`${(s.selfMs / n).toFixed(3).padStart(7)} ${(s.totalMs / n).toFixed(3).padStart(7)} ${(s.calls / n).toFixed(2).padStart(6)} ${f}`);
await p.close();
process.exit(0);
