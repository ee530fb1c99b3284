/**
 * Pipeline throughput benchmark: N creatives interviews through the real stack (Postgres,
 * Redis, BullMQ workers in this process, local analyzer), submitted all at once, versus one
 * at a time, versus the analyzer's own compute for the same interviews. Prints medians and
 * ratios measured in this run.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/index.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { startWorkers } from '../src/worker/step-workers.js';
import { submitInterview } from '../src/flows/submit-interview.js';
import { prepareTranscript } from '../src/transcript-formats/prepare.js';
import { anchorEvidence } from '../src/verbatim-guard/verbatim.js';
import { LocalAnalyzer } from '../src/analyzers/local/index.js';
import { createTestDatabase, testQueuePrefix } from '../test/support/db.js';
import { creatives } from '../test/support/creatives.js';

const N = Number(process.env.BENCH_INTERVIEWS ?? 20);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function pipelineTrial(mode: 'concurrent' | 'sequential'): Promise<number> {
  const db = await createTestDatabase('iflow_bench');
  const config = loadConfig({ DATABASE_URL: db.url, QUEUE_PREFIX: testQueuePrefix() });
  const rt = await createRuntime(config);
  const workers = startWorkers(rt);
  const deps = { store: rt.store, queues: rt.queues, queueConfig: config.queues };
  const items = creatives().slice(0, N);
  const t0 = performance.now();
  const submitOne = (text: string) => submitInterview(deps, {
    accountId: config.defaultAccountId, projectId: config.defaultProjectId, transcript: text,
    questions: ['How do they use AI tools?', 'What worries them about AI?'],
  });
  const waitDone = async (id: string) => {
    for (;;) {
      const j = await rt.store.getAnalysisJob(id);
      if (j?.status === 'completed') return;
      if (j?.status === 'failed') throw new Error(`job failed: ${j.error}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  if (mode === 'concurrent') {
    const runs = await Promise.all(items.map((i) => submitOne(i.text)));
    await Promise.all(runs.map((r) => waitDone(r.analysisJobId)));
  } else {
    for (const i of items) await waitDone((await submitOne(i.text)).analysisJobId);
  }
  const ms = performance.now() - t0;
  await workers.close();
  await Promise.all(rt.queues.all().map((q) => q.obliterate({ force: true })));
  await rt.close();
  await db.drop();
  return ms;
}

async function analyzerOnly(): Promise<number> {
  const analyzer = new LocalAnalyzer();
  const ctx = { signal: new AbortController().signal, recordUsage() {}, async progress() {} };
  const t0 = performance.now();
  for (const item of creatives().slice(0, N)) {
    const { utterances } = prepareTranscript(item.text);
    const interviewId = '00000000-0000-4000-8000-00000000000a';
    const proposed = await analyzer.extractEvidence({ interviewId, projectId: interviewId, utterances }, ctx);
    anchorEvidence(interviewId, proposed, utterances);
  }
  return performance.now() - t0;
}

export async function runPipelineBench(): Promise<void> {
  const concurrent: number[] = [];
  const sequential: number[] = [];
  const analyzer: number[] = [];
  for (let t = 0; t < TRIALS; t++) {
    concurrent.push(await pipelineTrial('concurrent'));
    sequential.push(await pipelineTrial('sequential'));
    analyzer.push(await analyzerOnly());
  }
  const c = median(concurrent);
  const s = median(sequential);
  const a = median(analyzer);
  console.log(`pipeline: ${N} creatives interviews, ${TRIALS} trials, medians`);
  console.log(`  all submitted at once : ${(c / 1000).toFixed(2)} s wall, ${(N / (c / 1000)).toFixed(2)} flows/s`);
  console.log(`  one at a time         : ${(s / 1000).toFixed(2)} s wall, ${(s / N).toFixed(0)} ms per interview end to end`);
  console.log(`  analyzer evidence only: ${(a / N).toFixed(1)} ms per interview`);
  console.log(`  ratio concurrent/sequential throughput: ${(s / c).toFixed(2)}x`);
  console.log(`  ratio end-to-end latency / evidence compute: ${((s / N) / (a / N)).toFixed(1)}x`);
}
