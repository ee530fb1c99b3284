import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

/** Raised when another live process has the embedded database open. */
export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
}

/**
 * PGlite is an in-process database: two processes opening one data directory would corrupt it.
 * A pid file next to the data refuses the second opener while the first is alive; a lock left by
 * a dead process is taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, '.interview-flow.lock');
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try { unlinkSync(file); } catch { /* already gone */ }
      };
      process.on('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DataDirBusyError(
          `the embedded database in ${dataDir} is open in process ${owner}; the embedded store serves one ` +
          'process only (run api and worker together, or set DATABASE_URL / SUPABASE_URL for a shared database)');
      }
      if (owner === process.pid) {
        throw new DataDirBusyError(`the embedded database in ${dataDir} is already open in this process`);
      }
      try { unlinkSync(file); } catch { /* raced with another taker */ }
    }
  }
  throw new DataDirBusyError(`could not lock the embedded database in ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
