import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createRuntime } from '../../runtime/runtime.js';
import { cancelRun, NotLiveError } from '../../flows/cancel-run.js';
import { CliError } from '../cli-error.js';

export function cancelCommand(program: Command): void {
  program.command('cancel <analysisJobId>')
    .description('cancel the live run: abort its running steps, remove its pending jobs (resume continues it later)')
    .action(async (id: string) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliError(`not an analysis job id: ${id}`);
      const rt = await createRuntime(loadConfig());
      try {
        const out = await cancelRun({ store: rt.store, queues: rt.queues, connection: rt.connection, prefix: rt.config.queuePrefix }, id);
        console.log(`analysis job ${id}: run ${out.runNo} cancelled`);
      } catch (err) {
        if (err instanceof NotLiveError) throw new CliError(`analysis job ${id}: ${err.message}`, 1);
        throw err;
      } finally {
        await rt.close();
      }
    });
}
