import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createRuntime } from '../../runtime/runtime.js';
import { startRun } from '../../flows/start-run.js';
import { StepName } from '../../domain/steps.js';
import { CliError } from '../cli-error.js';

export function resumeCommand(program: Command): void {
  program.command('resume <analysisJobId>')
    .description('start a new run with the steps that are not complete (workers pick it up)')
    .option('--from <step>', `run this step and all after it again: ${StepName.options.join(', ')}`)
    .option('--supersede', 'replace a run that is still live')
    .action(async (id: string, opts: { from?: string; supersede?: boolean }) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliError(`not an analysis job id: ${id}`);
      const from = opts.from === undefined ? undefined : StepName.safeParse(opts.from);
      if (from && !from.success) throw new CliError(`unknown step ${opts.from} (steps: ${StepName.options.join(', ')})`);
      const rt = await createRuntime(loadConfig());
      try {
        const run = await startRun({ store: rt.store, queues: rt.queues, queueConfig: rt.config.queues }, id,
          { resumeFrom: from?.data, supersede: opts.supersede });
        console.log(`analysis job ${id}: run ${run.runNo} queued with steps ${run.steps.join(', ')}`);
      } finally {
        await rt.close();
      }
    });
}
