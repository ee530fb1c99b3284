import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createRuntime } from '../../runtime/runtime.js';
import { createApp } from '../../api/app.js';
import { answerClientErrors } from '../../api/client-errors.js';
import { startWorkers } from '../../worker/step-workers.js';
import { onShutdown } from '../shutdown.js';

export function apiCommand(program: Command): void {
  program.command('api')
    .description('serve the HTTP API and Bull Board (/admin/queues)')
    .option('--with-workers', 'also run every queue\'s workers in this process')
    .action(async (opts: { withWorkers?: boolean }) => {
      const config = loadConfig();
      const rt = await createRuntime(config);
      // the embedded database lives in this process, so its workers must too
      const workers = opts.withWorkers || rt.embeddedStore ? startWorkers(rt) : null;
      const server = answerClientErrors(createApp(rt).listen(config.port, config.host, () => {
        console.log(`interview-flow api on http://${config.host}:${config.port} (Bull Board: /admin/queues, store: ${rt.store.driver}${workers ? ', with workers' : ''})`);
      }));
      onShutdown(async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await workers?.close();
        await rt.close();
      });
    });
}
