import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createRuntime } from '../../runtime/runtime.js';
import { startWorkers } from '../../worker/step-workers.js';
import { QUEUE_NAMES, isQueueName } from '../../queues/names.js';
import { onShutdown } from '../shutdown.js';
import { CliError } from '../cli-error.js';

export function workerCommand(program: Command): void {
  program.command('worker')
    .description('run workers for the given queues (all by default); SIGTERM drains gracefully')
    .option('--queues <names>', `comma-separated: ${QUEUE_NAMES.join(',')}`)
    .action(async (opts: { queues?: string }) => {
      const names = opts.queues ? opts.queues.split(',').map((s) => s.trim()).filter(Boolean) : [...QUEUE_NAMES];
      const unknown = names.filter((n) => !isQueueName(n));
      if (unknown.length) throw new CliError(`unknown queue(s): ${unknown.join(', ')} (known: ${QUEUE_NAMES.join(', ')})`);
      const config = loadConfig();
      if (config.database.kind === 'embedded') {
        throw new CliError('a separate worker process needs a shared database: set DATABASE_URL (Postgres) or SUPABASE_URL; '
          + 'the embedded database only serves `process` and `api` in one process');
      }
      const rt = await createRuntime(config);
      const workers = startWorkers(rt, names.filter(isQueueName));
      console.log(`interview-flow worker: ${names.join(', ')} (pid ${process.pid})`);
      onShutdown(async () => {
        await workers.close();
        await rt.close();
      });
    });
}
