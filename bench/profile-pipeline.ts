/**
 * Where the worker process spends its CPU: runs the pipeline (instant or local analyzer) on a
 * batch and prints CPU seconds of this process, of the Postgres backends and of Redis during
 * the batch; PROFILE=out.cpuprofile also writes a CPU profile of the batch (open in Chrome DevTools):
 *   PROFILE=/tmp/p.cpuprofile npx tsx bench/profile-pipeline.ts [instant|local|local-threads] [n]  (THREADS=1)
 * SEQUENTIAL=1 runs the interviews one at a time instead of all at once.
 * Needs Redis and Postgres like the tests. Not part of `npm run bench`.
 */
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseTranscriptCsv } from '../src/transcript-formats/index.js';
import { InstantAnalyzer } from './instant-analyzer.js';
import { LocalAnalyzer, ThreadedLocalAnalyzer } from '../src/analyzers/local/index.js';
import { openPipeline } from './lib/pipeline-harness.js';
import { measureCpu } from './lib/process-cpu.js';

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

const p = await openPipeline({ analyzer: kind === 'local' ? new LocalAnalyzer() : kind === 'local-threads' ? new ThreadedLocalAnalyzer({ threads: Number(process.env.THREADS ?? 1) }) : new InstantAnalyzer(), concurrency: 20, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', questions });
await p.runBatch([texts[texts.length - 1]!, ...examples.slice(0, 2)]);
const batch = Array.from({ length: n }, (_, i) => texts[i % (texts.length - 1)]!);
const { result: rate, cpu } = await measureCpu(new URL(p.dbUrl).pathname.slice(1), async () => {
  if (profileTo) await post('Profiler.start');
  // SEQUENTIAL=1: one interview at a time (what the sequential latency pays), else all at once
  let r: number;
  if (process.env.SEQUENTIAL === '1') {
    const t0 = performance.now();
    for (const t of batch) await p.run(t);
    r = batch.length / ((performance.now() - t0) / 1000);
  } else r = await p.runBatch(batch);
  if (profileTo) writeFileSync(profileTo, JSON.stringify((await post('Profiler.stop') as { profile: unknown }).profile));
  return r;
});
const per = (s: number) => `${s.toFixed(2)} s (${(1000 * s / n).toFixed(1)} ms/interview)`;
console.log(`${kind}: ${n} interviews, ${rate.toFixed(1)}/s`);
console.log(`CPU: node ${per(cpu.node)}, postgres ${per(cpu.postgres)}, redis ${per(cpu.redis)} (redis: whole server)`);
await p.close();
process.exit(0);
