import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createRuntime } from '../../runtime/runtime.js';
import { startRun } from '../../flows/start-run.js';
import { StepName } from '../../domain/steps.js';
import { CliError } from '../cli-error.js';
import { startWorkers } from '../../worker/step-workers.js';
import { watchJobs } from '../watch.js';
import { workerChanges } from '../worker-changes.js';

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
        if (rt.embeddedStore) {
          // the embedded database lives in this process: run the steps here and wait for them
          const workers = startWorkers(rt);
          const [job] = await watchJobs(rt.store, [{ title: id, analysisJobId: id }], { changes: workerChanges(workers.workers) });
          await workers.close();
          if (job!.status !== 'completed') throw new CliError(`run ${run.runNo} ended ${job!.status}: ${job!.error ?? ''}`, 1);
        }
      } finally {
        await rt.close();
      }
    });
}
