import { pino, type Logger } from 'pino';
import type { OpsConfig } from '../config/ops-config.js';

export type { Logger };

/** Log lines are written once this many bytes wait (about a dozen lines), or every LOG_FLUSH_MS. */
export const LOG_BATCH_BYTES = 4096;
/** The longest a log line waits in the process when the worker is quiet. */
export const LOG_FLUSH_MS = 100;

/**
 * The process logger: JSON lines on stderr in production (one object per line, for the log
 * pipeline), pino-pretty when stderr is a terminal (LOG_FORMAT=auto) or when asked.
 * stdout stays free for the CLI's own output (reports, --json).
 */
export function createLogger(cfg: OpsConfig['log'], base: Record<string, unknown> = {}): Logger {
  const pretty = cfg.format === 'pretty' || (cfg.format === 'auto' && process.stderr.isTTY === true);
  const transport = pretty
    ? pino.transport({ target: 'pino-pretty', options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } })
    // asynchronous: a worker logs a few lines per step, and a synchronous write is a system call
    // on the event loop that every step waited for (14% of the worker's busy CPU, 2.6 ms per
    // interview, in a profile of interviews one at a time). Lines written while one write is in
    // flight go out together with the next; pino flushes what is left when the process exits.
    // Lines also wait until LOG_BATCH_BYTES are there or LOG_FLUSH_MS pass: each write call is a
    // thread-pool hand-off on the event loop (in a 300-interview instant batch, logging took
    // 12-13% of the worker's busy main thread with a write per line, 3.5-4.2% batched). The flush
    // at exit needs an exit: a process killed outright (SIGKILL, the OOM killer) loses the lines
    // still waiting, up to LOG_FLUSH_MS of them
    : pino.destination({ dest: 2, sync: false, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS });
  return pino({ level: cfg.level, base: { pid: process.pid, ...base } }, transport);
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = pino({ level: 'silent' });
