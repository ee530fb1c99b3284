/**
 * What one worker log line costs the event loop, synchronous vs asynchronous pino destination
 * (src/ops/logger.ts): 2,000 step-shaped lines, one per event-loop turn, to stderr. Run with
 * stderr on a pipe, as a worker's is in production:
 *   npx tsx bench/log-writes.ts sync|async 2> >(cat > /dev/null)
 */
import { pino } from 'pino';
import { performance } from 'node:perf_hooks';
const sync = process.argv[2] === 'sync';
const log = pino({ level: 'info', base: { pid: process.pid } }, pino.destination({ dest: 2, sync }));
const fields = { analysisJobId: '2494b122-a6e8-4cb3-a3b8-aa1c8aa4ee4f', interviewId: '2494b122-a6e8-4cb3-a3b8-aa1c8aa4ee4f', runNo: 1, step: 'evidence', attempt: 1, jobId: '2494b122-a6e8-4cb3-a3b8-aa1c8aa4ee4f.r1.evidence' };
const lines = 2000;
const c0 = process.cpuUsage(); const t0 = performance.now(); let loopMs = 0;
for (let i = 0; i < lines; i++) {
  const a = performance.now();
  log.info(fields, 'evidence committed');
  loopMs += performance.now() - a;
  // lines come a step at a time, not in a burst: let the event loop turn between them
  await new Promise((r) => setImmediate(r));
}
await new Promise((r) => log.flush(r as () => void));
const c = process.cpuUsage(c0);
console.log(`${sync ? 'sync ' : 'async'} ${lines} lines: on the event loop ${(1000 * loopMs / lines).toFixed(1)} us/line, process CPU ${((c.user + c.system) / lines).toFixed(1)} us/line, wall ${((performance.now() - t0) * 1000 / lines).toFixed(1)} us/line`);
