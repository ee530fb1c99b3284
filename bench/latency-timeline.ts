/**
 * Where one interview's sequential end-to-end time goes (issue 12): runs interviews one at a
 * time with the instant analyzer and records, on one clock (epoch ms), every store call (SQL
 * round trip), every worker's active/completed event and, with MONITOR=1, every Redis command
 * naming our queue prefix (MONITOR slows Redis: totals run higher with it). Prints the median
 * of each segment over the interviews and the timeline of the median interview.
 *   npx tsx bench/latency-timeline.ts [n=30]      (MONITOR=1 for Redis commands)
 * Needs Redis and Postgres like the tests. Not part of `npm run bench`.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { InstantAnalyzer } from './instant-analyzer.js';
import { openPipeline } from './lib/pipeline-harness.js';
import { median } from './lib/stats.js';
import type { Store } from '../src/ports/store.js';

const n = Number(process.argv[2] ?? 30);
const now = () => performance.timeOrigin + performance.now();
interface Ev { t: number; what: string; end?: number }
/** analysisJobId -> its events; `current` is the interview running (one at a time). */
const events = new Map<string, Ev[]>();
let current: Ev[] = [];

const examplesDir = fileURLToPath(new URL('../examples/', import.meta.url));
const questions = (await readFile(`${examplesDir}questions.txt`, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const examples = await Promise.all(['creative-01.txt', 'creative-02.txt', 'creative-03.txt'].map((f) => readFile(examplesDir + f, 'utf8')));

const timedStore = (inner: Store): Store => new Proxy(inner, {
  get: (target, prop, receiver) => {
    const value = Reflect.get(target, prop, receiver) as unknown;
    if (typeof value !== 'function' || typeof prop !== 'string' || prop === 'close') return value;
    return (...args: unknown[]) => {
      const step = [args[2], args[1]].find((a) => typeof a === 'string' && /^[a-z]+$/.test(a)) ?? '';
      const ev: Ev = { t: now(), what: `sql ${prop}${step ? ` ${String(step)}` : ''}` };
      const into = current;
      into.push(ev);
      const result = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      const end = () => { ev.end = now(); };
      result.then(end, end);
      return result;
    };
  },
});

const p = await openPipeline({ analyzer: new InstantAnalyzer(), concurrency: 20, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', questions, wrapStore: timedStore });
for (const w of p.workers.workers) {
  w.on('active', () => current.push({ t: now(), what: `active ${w.name}` }));
  w.on('completed', () => current.push({ t: now(), what: `completed ${w.name}` }));
}
let monitor: Awaited<ReturnType<Redis['monitor']>> | null = null;
if (process.env.MONITOR === '1') {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  monitor = await redis.monitor();
  monitor.on('monitor', (time: string, args: string[], source: string) => {
    if (source === 'lua' || !args.some((a) => a.includes(p.config.queuePrefix))) return;
    const cmd = args[0]!.toLowerCase() === 'evalsha' ? `evalsha ${args[3]?.split(':').slice(-2).join(':') ?? ''}` : `${args[0]} ${args[1]?.split(':').slice(-2).join(':') ?? ''}`;
    current.push({ t: Number(time) * 1000, what: `redis ${cmd}` });
  });
  redis.disconnect();
}

for (let i = 0; i < 5; i++) await p.run(examples[i % 3]!); // warm-up
const totals: number[] = [];
for (let i = 0; i < n; i++) {
  current = [];
  const t0 = now();
  current.push({ t: t0, what: 'submit' });
  const { analysisJobId, ms } = await p.run(examples[i % 3]!);
  current.push({ t: now(), what: 'done' });
  await new Promise((r) => setTimeout(r, 30)); // late MONITOR lines
  events.set(analysisJobId, current.map((e) => ({ ...e, t: e.t - t0, ...(e.end ? { end: e.end - t0 } : {}) })).sort((a, b) => a.t - b.t));
  totals.push(ms);
}
monitor?.disconnect();
await p.close();

// segments: the gap before each event since the previous one on the critical path is hard to
// name in general, so per interview sum SQL wall time, and the handoffs completed X -> active Y
const segs = new Map<string, number[]>();
const add = (k: string, v: number) => { (segs.get(k) ?? segs.set(k, []).get(k)!).push(v); };
for (const evs of events.values()) {
  const at = (what: string) => evs.find((e) => e.what === what);
  const sql = evs.filter((e) => e.what.startsWith('sql'));
  for (const e of sql) add(e.what, (e.end ?? e.t) - e.t);
  const chain: [string, string][] = [['submit', 'active transcribe'], ['completed transcribe', 'active evidence']];
  for (const [a, b] of chain) { const x = at(a); const y = at(b); if (x && y) add(`handoff ${a} -> ${b}`, y.t - x.t); }
  // evidence adds the parallel layer right after its commit, before its own completed event
  // (src/worker/next-layer.ts): the handoff is its commit's end to the layer's first start
  const layer = ['insights', 'personas', 'answers'];
  const evidenceCommit = sql.find((e) => e.what === 'sql commitStep evidence');
  const layerStart = Math.min(...layer.map((s) => at(`active ${s}`)?.t ?? NaN));
  if (evidenceCommit?.end && Number.isFinite(layerStart)) add('handoff evidence commit done -> first layer step active', layerStart - evidenceCommit.end);
  // the layer's last completion to finalize's start: finalize joins the layer itself (no fanout
  // job since fbbd3fa); a run that still has a fanout shows its two hops as well
  const layerDone = Math.max(...layer.map((s) => at(`completed ${s}`)?.t ?? NaN));
  const fanout = at('active fanout');
  const fanoutDone = at('completed fanout');
  const finalizeActive = at('active finalize');
  if (finalizeActive && Number.isFinite(layerDone)) add('layer done -> active finalize', finalizeActive.t - layerDone);
  if (fanout && Number.isFinite(layerDone)) add('  via fanout: layer done -> active fanout', fanout.t - layerDone);
  if (fanoutDone && finalizeActive) add('  via fanout: completed fanout -> active finalize', finalizeActive.t - fanoutDone.t);
  for (const s of ['transcribe', 'evidence', 'insights', 'personas', 'answers', 'fanout', 'finalize']) {
    const x = at(`active ${s}`); const y = at(`completed ${s}`);
    if (x && y) add(`active->completed ${s}`, y.t - x.t);
    const start = sql.find((e) => e.what === `sql startStep ${s}`); const commit = sql.find((e) => e.what === `sql commitStep ${s}`);
    if (x && start) add(`  ${s}: active -> startStep call`, start.t - x.t);
    if (start?.end && commit) add(`  ${s}: startStep done -> commit call (body)`, commit.t - start.end);
    if (commit?.end && y) add(`  ${s}: commit done -> completed event`, y.t - commit.end);
  }
  add('total', at('done')!.t);
  add('sql wall, sum', sql.reduce((s, e) => s + ((e.end ?? e.t) - e.t), 0));
}
console.log(`${n} interviews one at a time, instant analyzer${monitor ? ', MONITOR on' : ''}: medians (ms)`);
for (const [k, v] of segs) console.log(`  ${k.padEnd(60)} ${median(v).toFixed(2)}  (n ${v.length})`);
const mid = [...events.values()].sort((a, b) => a.at(-1)!.t - b.at(-1)!.t)[Math.floor(events.size / 2)]!;
console.log('\ntimeline of the median interview (ms from submit; sql: start-end):');
for (const e of mid) console.log(`  ${e.t.toFixed(2).padStart(7)}${e.end !== undefined ? `-${e.end.toFixed(2)}` : ''.padEnd(0)}  ${e.what}`);
process.exit(0);
