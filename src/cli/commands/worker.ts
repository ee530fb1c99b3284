import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createRuntime } from '../../runtime/runtime.js';
import { startWorkers } from '../../worker/step-workers.js';
import { QUEUE_NAMES, isQueueName } from '../../queues/names.js';
import { onShutdown } from '../shutdown.js';
import { CliError } from '../cli-error.js';

export function workerCommand(program: Command): void {
  program.command('worker')
    .description('run workers for the given queues (all by default) and the reconciler; SIGTERM drains gracefully')
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
      // loaded here, not at CLI start: other commands (the quick start) do not carry them
      const [{ startTraceExport }, { startReconciler }, { startOpsServer }] = await Promise.all([
        import('../../ops/trace-export.js'), import('../../ops/reconciler-schedule.js'), import('../../ops/ops-server.js'),
      ]);
      // before anything opens a span: the SDK must be registered first
      const traces = startTraceExport(config.ops.traces, 'worker');
      const rt = await createRuntime(config);
      const workers = startWorkers(rt, names.filter(isQueueName));
      const reconciler = config.ops.reconciler.enabled ? startReconciler(rt) : null;
      const ops = config.ops.metrics.port === undefined ? null : await startOpsServer(rt, config.ops.metrics.port, config.ops.metrics.host);
      console.log(`interview-flow worker: ${names.join(', ')} (pid ${process.pid}${reconciler ? ', reconciler' : ''}${ops ? `, metrics on :${ops.port}` : ''})`);
      rt.log.info({ queues: names, reconciler: Boolean(reconciler), metricsPort: ops?.port }, 'worker started');
      onShutdown(async () => {
        // drain for SHUTDOWN_TIMEOUT_MS, then abort what still runs (it goes back to the queue)
        await reconciler?.close();
        await workers.close(config.shutdownTimeoutMs);
        await ops?.close();
        await rt.close();
        await traces?.shutdown(); // the last steps' spans are sent before the process exits
      });
    });
}
