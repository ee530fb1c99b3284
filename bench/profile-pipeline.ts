/**
 * Where the worker process spends its CPU: runs the pipeline (instant or local analyzer) on a
 * batch and prints CPU seconds of this process, of the Postgres backends and of Redis during
 * the batch; PROFILE=out.cpuprofile also writes a CPU profile of the batch (open in Chrome DevTools):
 *   PROFILE=/tmp/p.cpuprofile npx tsx bench/profile-pipeline.ts [instant|local|local-threads] [n]  (THREADS=1)
 * Needs Redis and Postgres like the tests. Not part of `npm run bench`.
 */
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { parseTranscriptCsv } from '../src/transcript-formats/index.js';
import { InstantAnalyzer } from './instant-analyzer.js';
import { LocalAnalyzer, ThreadedLocalAnalyzer } from '../src/analyzers/local/index.js';
import { openPipeline } from './lib/pipeline-harness.js';

// PROFILE=file.cpuprofile: a CPU profile of the timed batch only (not start-up and module loading)
const profileTo = process.env.PROFILE;
const session = new Session();
session.connect();
const post = (method: string) => new Promise<unknown>((resolve, reject) => session.post(method, (err, res) => (err ? reject(err) : resolve(res))));
if (profileTo) await post('Profiler.enable');
const kind = process.argv[2] ?? 'instant';
const n = Number(process.argv[3] ?? 200);
const examplesDir = fileURLToPath(new URL('../examples/', import.meta.url));
const questions = (await readFile(`${examplesDir}questions.txt`, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const examples = await Promise.all(['creative-01.txt', 'creative-02.txt', 'creative-03.txt'].map((f) => readFile(examplesDir + f, 'utf8')));
const csv = fileURLToPath(new URL('../../shared/data/anthropic-interviewer/creatives_transcripts.csv', import.meta.url));
const texts = kind.startsWith('local') && existsSync(csv) ? parseTranscriptCsv(readFileSync(csv, 'utf8')).map((r) => r.text) : examples;

/** CPU seconds (user+sys) of every process whose command matches, from /proc. */
function cpuOf(match: RegExp): number {
  const tick = Number(execFileSync('getconf', ['CLK_TCK']).toString());
  let total = 0;
  for (const pid of execFileSync('ps', ['-eo', 'pid=,args=']).toString().split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(pid);
    if (!m || !match.test(m[2]!)) continue;
    try {
      const f = readFileSync(`/proc/${m[1]}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(f[11]) + Number(f[12])) / tick;
    } catch { /* gone */ }
  }
  return total;
}

const p = await openPipeline({ analyzer: kind === 'local' ? new LocalAnalyzer() : kind === 'local-threads' ? new ThreadedLocalAnalyzer({ threads: Number(process.env.THREADS ?? 1) }) : new InstantAnalyzer(), concurrency: 20, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', questions });
await p.runBatch([texts[texts.length - 1]!, ...examples.slice(0, 2)]);
// this run's Postgres backends only (other processes share the server); Redis is shared: an upper bound
const dbName = new URL(p.dbUrl).pathname.slice(1);
const others = () => ({ pg: cpuOf(new RegExp(`^postgres: .* ${dbName} `)), redis: cpuOf(/redis-server/) });
const batch = Array.from({ length: n }, (_, i) => texts[i % (texts.length - 1)]!);
// reading /proc (ps) costs CPU of its own: outside the window (others before self, self before others)
const a = { ...others(), self: process.cpuUsage(), t: performance.now() };
if (profileTo) await post('Profiler.start');
const rate = await p.runBatch(batch);
const b = { self: process.cpuUsage(), t: performance.now(), ...others() };
if (profileTo) writeFileSync(profileTo, JSON.stringify((await post('Profiler.stop') as { profile: unknown }).profile));
const selfCpu = (b.self.user - a.self.user + b.self.system - a.self.system) / 1e6;
const wall = (b.t - a.t) / 1000;
console.log(`${kind}: ${n} interviews, ${rate.toFixed(1)}/s, wall ${wall.toFixed(2)} s`);
console.log(`CPU s: node ${selfCpu.toFixed(2)} (${(1000 * selfCpu / n).toFixed(1)} ms/interview), postgres ${(b.pg - a.pg).toFixed(2)}, redis ${(b.redis - a.redis).toFixed(2)}`);
await p.close();
process.exit(0);
