import { parentPort, workerData } from 'node:worker_threads';
import { LocalAnalyzer } from './local-analyzer.js';
import type { Codebook } from './codebook.js';
import type { PoolReply } from './thread-pool.js';

/**
 * A thread of the local analyzer's pool (src/analyzers/local/threaded-analyzer.ts): runs the
 * calls it is sent on its own LocalAnalyzer, one at a time. Deadlines and cancellation are the
 * pool's (it terminates a thread whose call is aborted); the analyzer reports neither usage nor
 * progress, so the context here is inert.
 */
const { codebook } = workerData as { codebook?: Codebook | undefined };
const analyzer = new LocalAnalyzer({ codebook });
const ctx = { signal: new AbortController().signal, recordUsage() {}, async progress() {} };
type Method = 'extractEvidence' | 'generateInsights' | 'assignPersonas' | 'attributeAnswers' | 'synthesize';

const port = parentPort!;
port.on('message', async ({ id, method, arg }: { id: number; method: Method; arg: never }) => {
  let reply: PoolReply;
  try {
    reply = { id, ok: true, value: await analyzer[method](arg, ctx) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { id, ok: false, name: e.name, message: e.message };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies PoolReply);
