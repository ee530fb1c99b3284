/**
 * `npm run bench`: the orchestration figures of issue #12, each with its target, from ONE run
 * (ratios compare numbers measured minutes apart on the same machine and Redis). Needs Redis
 * and Postgres like the tests. BENCH_QUICK=1 uses smaller counts (about a minute).
 * Not part of `npm test`.
 */
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTranscriptCsv } from '../src/transcript-formats/index.js';
import { FigureSheet, fmt } from './lib/figures.js';
import { median, percentile, trials } from './lib/stats.js';
import { rawBullmqFlowsPerSecond, rawBullmqSequentialMs } from './raw-bullmq.js';
import { InstantAnalyzer } from './instant-analyzer.js';
import { openPipeline, functionStats, withClient } from './lib/pipeline-harness.js';
import { seedProjectCopies, REMAP_FUNCTION } from './lib/seed-project.js';
import { RedisCommandCounter } from './lib/redis-monitor.js';
import { measureCpu, type CpuSplit } from './lib/process-cpu.js';
import { bareLocalAnalyzerPerSecond } from './local-analyzer.js';
import { quickStartPeakRss } from './quickstart-rss.js';
import { synthesisBench } from './synthesis.js';
import { ThreadedLocalAnalyzer, LocalAnalyzer } from '../src/analyzers/local/index.js';
import { clearNlpCache } from '../src/analyzers/local/nlp.js';
import { STEPS } from '../src/domain/steps.js';

const QUICK = process.env.BENCH_QUICK === '1';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const N = {
  trials: Number(process.env.BENCH_TRIALS ?? 3),
  batch: QUICK ? 200 : 1000,
  sequential: QUICK ? 30 : 100,
  sizeBatch: QUICK ? 50 : 200,
  sizes: [0, 1000, 5000],
  monitored: QUICK ? 10 : 30,
  local: QUICK ? 15 : 40,
  /**
   * LOCAL_ANALYZER_THREADS of the pipeline with the local analyzer: the product default (0, its
   * calls on the main thread) unless BENCH_LOCAL_THREADS says otherwise.
   */
  localThreads: Number(process.env.BENCH_LOCAL_THREADS ?? 0),
};
const CONCURRENCY = 20;
/** BENCH_ONLY=anchor,latency,redis,sizes,local,rss,synthesis runs only those sections (while working on one). */
const ONLY = process.env.BENCH_ONLY?.split(',');
const section = (name: string) => !ONLY || ONLY.includes(name);

const examplesDir = fileURLToPath(new URL('../examples/', import.meta.url));
const questions = (await readFile(`${examplesDir}questions.txt`, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const examples = await Promise.all(['creative-01.txt', 'creative-02.txt', 'creative-03.txt'].map((f) => readFile(examplesDir + f, 'utf8')));
const cycle = (texts: string[], n: number) => Array.from({ length: n }, (_, i) => texts[i % texts.length]!);
// distinct interviews for the local analyzer (its NLP cache would make repeats look free)
const creativesCsv = fileURLToPath(new URL('../../shared/data/anthropic-interviewer/creatives_transcripts.csv', import.meta.url));
const distinct = existsSync(creativesCsv) ? parseTranscriptCsv(readFileSync(creativesCsv, 'utf8')).map((r) => r.text) : examples;

const sheet = new FigureSheet();
const instant = () => new InstantAnalyzer();
console.log(`interview-flow bench${QUICK ? ' (BENCH_QUICK)' : ''}: ${N.trials} trials, medians; concurrency ${CONCURRENCY} per queue everywhere; `
  + 'the project synthesis is held back during the per-interview measurements (SYNTHESIS_DEBOUNCE_MS = 1 h) and measured on its own (synthesis section)');

// 1. raw BullMQ anchor and the instant-analyzer pipeline, trial by trial (interleaved, so load
//    from other processes on the machine hits both alike)
if (section('anchor')) {
  const raw: number[] = [];
  const piped: number[] = [];
  const cpu: CpuSplit[] = [];
  await trials(N.trials, async () => {
    raw.push(await rawBullmqFlowsPerSecond({ redisUrl: REDIS_URL, flows: N.batch, concurrency: CONCURRENCY }));
    const p = await openPipeline({ analyzer: instant(), concurrency: CONCURRENCY, redisUrl: REDIS_URL, questions });
    await p.runBatch(cycle(examples, 5)); // warm-up: connections, prepared plans, JIT
    const m = await measureCpu(new URL(p.dbUrl).pathname.slice(1), () => p.runBatch(cycle(examples, N.batch)));
    piped.push(m.result);
    cpu.push(m.cpu);
    await p.close();
  });
  const rawRate = median(raw);
  const pipeRate = median(piped);
  sheet.add(`raw BullMQ, ${N.batch} six-job flows at once`, `${fmt.rate(rawRate, ' flows/s')} (trials ${raw.map((r) => r.toFixed(0)).join(', ')})`);
  sheet.add(`pipeline, instant analyzer, ${N.batch} interviews at once`, `${fmt.rate(pipeRate, ' interviews/s')} (trials ${piped.map((r) => r.toFixed(1)).join(', ')})`);
  sheet.add('  share of raw BullMQ', fmt.pct(pipeRate / rawRate), { text: '>= 25%', met: pipeRate / rawRate >= 0.25 });
  // where the CPU goes (medians over the trials): this process = workers + submissions + bench
  const perInterview = (k: keyof CpuSplit) => fmt.ms((1000 * median(cpu.map((c) => c[k]))) / N.batch);
  sheet.add('  CPU per interview in that batch', `node ${perInterview('node')}, postgres ${perInterview('postgres')}, redis ${perInterview('redis')} (redis-server is shared: an upper bound)`);
}

// 2. sequential latency, SQL round trips and Postgres time per step (sequential: no queueing
//    for connections, so call times are the database's plus one network hop)
if (section('latency')) {
  const p = await openPipeline({ analyzer: instant(), concurrency: CONCURRENCY, redisUrl: REDIS_URL, questions });
  for (const t of cycle(examples, 3)) await p.run(t); // warm-up
  p.counting.reset();
  const latencies: number[] = [];
  for (const t of cycle(examples, N.sequential)) latencies.push((await p.run(t)).ms);
  const p50 = percentile(latencies, 50);
  // the reference: raw BullMQ's own sequential latency for the same six-job flow shape
  // (no-op processors, same Redis), measured right after, outside the pipeline's workers
  const raw = await rawBullmqSequentialMs({ redisUrl: REDIS_URL, flows: N.sequential, concurrency: CONCURRENCY });
  sheet.add(`sequential end-to-end latency, ${N.sequential} interviews`,
    `p50 ${fmt.ms(p50)}, p90 ${fmt.ms(percentile(latencies, 90))} (raw BullMQ six-job flow one at a time: p50 ${fmt.ms(percentile(raw, 50))}, p90 ${fmt.ms(percentile(raw, 90))})`,
    { text: 'p50 <= 20 ms', met: p50 <= 20 });
  const calls = p.counting.totalCalls() / N.sequential;
  const sqlMs = [...p.counting.byStep.values()].reduce((s, t) => s + t.ms, 0) / N.sequential;
  sheet.add('SQL round trips per interview', `${calls.toFixed(1)} calls, ${fmt.ms(sqlMs)} in SQL calls`);
  for (const step of ['submit', ...STEPS]) {
    const t = p.counting.byStep.get(step);
    if (t) sheet.add(`  ${step}`, `${(t.calls / N.sequential).toFixed(1)} calls, ${fmt.ms(t.ms / N.sequential)}`);
  }
  const methods = [...p.counting.byMethod.entries()].sort((a, b) => b[1].ms - a[1].ms);
  console.log(`  by store method (per interview): ${methods.map(([m, t]) => `${m} ${(t.calls / N.sequential).toFixed(1)}x ${(t.ms / N.sequential).toFixed(2)}ms`).join(', ')}`);
  await p.close(async (url) => {
    const stats = [...(await functionStats(url)).entries()].filter(([f]) => !f.startsWith('iflow_bench'));
    const perInterview = (ms: number) => ms / (N.sequential + 3);
    // iflow_* are helpers called inside the others: their time is already in their callers'
    const called = stats.filter(([f]) => !f.startsWith('iflow_')).sort((a, b) => b[1].totalMs - a[1].totalMs);
    const total = called.reduce((s, [, v]) => s + v.totalMs, 0);
    sheet.add('Postgres server time per interview', `${fmt.ms(perInterview(total))} (pg_stat_user_functions, called functions)`);
    console.log(`  by function: ${called.map(([f, v]) => `${f} ${perInterview(v.totalMs).toFixed(2)}ms`).join(', ')}`);
  });
}

// 3. Redis commands per interview (MONITOR on a separate batch: it slows Redis down)
if (section('redis')) {
  const p = await openPipeline({ analyzer: instant(), concurrency: CONCURRENCY, redisUrl: REDIS_URL, questions });
  await p.runBatch(cycle(examples, 3));
  const counter = new RedisCommandCounter(REDIS_URL, p.config.queuePrefix);
  await counter.start();
  await p.runBatch(cycle(examples, N.monitored));
  await counter.stop();
  await p.close();
  const top = [...counter.byCommand.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  sheet.add('Redis round trips per interview', `${(counter.client / N.monitored).toFixed(1)} commands (+ ${(counter.script / N.monitored).toFixed(0)} inside Lua scripts); top: ${top.map(([c, n]) => `${c} ${(n / N.monitored).toFixed(1)}`).join(', ')}`);
}

// 4. throughput as the project grows: 0, 1,000 and 5,000 interviews already in it
if (section('sizes')) {
  const rates = new Map<number, number>();
  for (const size of N.sizes) {
    const p = await openPipeline({ analyzer: instant(), concurrency: CONCURRENCY, redisUrl: REDIS_URL, questions });
    if (size > 0) {
      const template = 5;
      await p.runBatch(cycle(examples, template));
      await withClient(p.dbUrl, async (c) => {
        await c.query(REMAP_FUNCTION);
        await seedProjectCopies(c, p.config.defaultProjectId, size / template - 1);
      });
    }
    rates.set(size, await p.runBatch(cycle(examples, N.sizeBatch)));
    await p.close();
    sheet.add(`pipeline, instant analyzer, ${N.sizeBatch} at once, project holding ${size}`, fmt.rate(rates.get(size)!, ' interviews/s'));
  }
  const ratio = rates.get(5000)! / rates.get(0)!;
  sheet.add('  5,000-interview project vs empty', fmt.pct(ratio), { text: '>= 80%', met: ratio >= 0.8 });
}

// 5. the local analyzer, bare and in the pipeline, on distinct interviews
/** Untimed interviews each side of the local section runs first (one at a time). */
const WARM_UP = QUICK ? 2 : 5;
if (section('local')) {
  // disjoint halves of the same sample: the NLP cache must not carry one's work into the other
  const sample = distinct.slice(0, 2 * N.local);
  const texts = sample.filter((_, i) => i % 2 === 1);
  // the same warm-up on both sides, untimed interviews of their own: the NLP model and vectors
  // load and the JIT compiles the analyzer in the thread that will run it (an analyzer thread
  // starts cold, while the main thread is already warm from the bare run)
  const warm = distinct.slice(2 * N.local, 2 * N.local + 2 * WARM_UP);
  const bareWarm = warm.slice(0, WARM_UP);
  const pipeWarm = warm.slice(WARM_UP);
  // bare and pipeline trial by trial (interleaved like the anchor, so load from other processes
  // hits both alike); the ratio is the median of each trial's ratio; every side starts cold
  const bares: number[] = [];
  const piped: number[] = [];
  await trials(N.trials, async () => {
    clearNlpCache();
    bares.push(await bareLocalAnalyzerPerSecond(sample.filter((_, i) => i % 2 === 0), questions, new LocalAnalyzer(), bareWarm));
    clearNlpCache();
    // the analyzer's work gets one thread on both sides: bare, the main thread; in the pipeline,
    // the main thread too, or with BENCH_LOCAL_THREADS=1 one worker thread, the main thread being
    // the orchestration's
    const analyzer = N.localThreads > 0 ? new ThreadedLocalAnalyzer({ threads: N.localThreads }) : new LocalAnalyzer();
    const p = await openPipeline({ analyzer, concurrency: CONCURRENCY, redisUrl: REDIS_URL, questions });
    for (const t of pipeWarm) await p.run(t);
    piped.push(await p.runBatch(texts.slice(0, N.local)));
    await p.close();
  });
  const share = median(piped.map((r, i) => r / bares[i]!));
  sheet.add(`local analyzer bare, ${N.local} interviews`, `${fmt.rate(median(bares), ' interviews/s')} (one at a time, main thread; trials ${bares.map((r) => r.toFixed(1)).join(', ')})`);
  const where = N.localThreads > 0 ? `LOCAL_ANALYZER_THREADS=${N.localThreads}: analyzer on ${N.localThreads} worker thread${N.localThreads > 1 ? 's' : ''}, orchestration on the main thread` : 'analyzer and orchestration on the main thread';
  sheet.add('pipeline with the local analyzer', `${fmt.rate(median(piped), ' interviews/s')} = ${fmt.pct(share)} of bare (median of trials ${piped.map((r, i) => fmt.pct(r / bares[i]!)).join(', ')}; ${where})`, { text: '>= 80%', met: share >= 0.8 });
}

// 6. the quick start's memory
if (section('rss')) {
  const qs = await quickStartPeakRss(REDIS_URL);
  sheet.add('quick start peak RSS (process examples/, embedded DB)', `${fmt.mb(qs.peakRssBytes)} in ${qs.seconds.toFixed(1)} s, exit ${qs.exitCode}`, { text: '<= 300 MB', met: qs.exitCode === 0 && qs.peakRssBytes <= 300 * 1024 * 1024 });
}

// 7. study-level synthesis of a 1,000-interview project with the local analyzer (bench/synthesis.ts)
if (section('synthesis')) {
  const f = await synthesisBench({ redisUrl: REDIS_URL, interviews: QUICK ? 200 : 1000, distinct, questions });
  sheet.add(`synthesis, local analyzer, ${f.interviews} interviews (${f.evidence} evidence units)`,
    `${(f.ms / 1000).toFixed(2)} s (read ${(f.readMs / 1000).toFixed(2)}, synthesise ${(f.synthesizeMs / 1000).toFixed(2)}, commit ${(f.commitMs / 1000).toFixed(2)})`,
    { text: '<= 10 s', met: f.ms <= 10_000 });
  sheet.add('  synthesis peak RSS (child process)', fmt.mb(f.peakRssBytes), { text: '<= 500 MB', met: f.peakRssBytes <= 500 * 1024 * 1024 });
}

sheet.print();
process.exit(0);
