import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createRuntime } from '../../runtime/runtime.js';
import { startWorkers } from '../../worker/step-workers.js';
import { synthesizeAndWait } from '../../flows/await-synthesis.js';
import { formatStudyReport } from '../study-report.js';
import { CliError } from '../cli-error.js';

export function synthesizeCommand(program: Command): void {
  program.command('synthesize')
    .description("run the project's study-level synthesis now, wait for it and print it")
    .requiredOption('--project <uuid>', 'project id')
    .option('--json', 'print the synthesis as JSON')
    .action(async (opts: { project: string; json?: boolean }) => {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(opts.project)) throw new CliError(`--project must be a UUID, got ${opts.project}`);
      const config = loadConfig();
      const rt = await createRuntime(config);
      // the embedded database lives in this process: run the synthesis here
      const workers = rt.embeddedStore ? startWorkers(rt, ['synthesize']) : null;
      try {
        const project = await rt.store.getProject(opts.project);
        if (!project) throw new CliError(`project ${opts.project} not found`);
        const view = await synthesizeAndWait({ store: rt.store, queue: rt.queues.get('synthesize'), connection: rt.connection },
          { projectId: project.id, projectName: project.name },
          { ...config.synthesis, settings: config.queues.synthesize, timeoutMs: config.queues.synthesize.timeoutMs });
        console.log(opts.json ? JSON.stringify(view, null, 2) : formatStudyReport(view));
        if (view.latestRun?.status !== 'completed') throw new CliError(`synthesis generation ${view.latestRun?.generation} ${view.latestRun?.status}: ${view.latestRun?.error ?? ''}`, 1);
      } finally {
        await workers?.close();
        await rt.close();
      }
    });
}
