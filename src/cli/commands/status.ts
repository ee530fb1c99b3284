import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { openStore } from '../../store/index.js';
import { CliError } from '../cli-error.js';
import { formatJob } from '../format.js';

export function statusCommand(program: Command): void {
  program.command('status <analysisJobId>')
    .description('show an analysis job: status, progress, steps')
    .option('--json', 'print the JSON the API returns')
    .action(async (id: string, opts: { json?: boolean }) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliError(`not an analysis job id: ${id}`);
      const opened = await openStore(loadConfig().database);
      try {
        const job = await opened.store.getAnalysisJob(id);
        if (!job) throw new CliError(`analysis job ${id} not found`, 1);
        console.log(opts.json ? JSON.stringify(job, null, 2) : formatJob(job));
      } finally {
        await opened.store.close();
      }
    });
}
