import type { ChildProcess } from 'node:child_process';

/**
 * Child processes a test starts (CLI workers, redis-servers) that are still running when the
 * test process ends would outlive it, holding jobs, ports and connections: they are killed on
 * the way out. Vitest stops its forks with SIGTERM, which ends a process without an 'exit'
 * event, so that signal reaps them too and is then raised again.
 */
const running = new Set<ChildProcess>();
let installed = false;

function reap(): void {
  for (const c of running) c.kill('SIGKILL');
}

export function reapOnExit<T extends ChildProcess>(child: T): T {
  if (!installed) {
    installed = true;
    process.once('exit', reap);
    process.once('SIGTERM', () => {
      reap();
      process.kill(process.pid, 'SIGTERM');
    });
  }
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}
