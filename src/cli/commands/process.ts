import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createRuntime, type Runtime } from '../../runtime/runtime.js';
import { startWorkers } from '../../worker/step-workers.js';
import { submitInterview, type SubmittedInterview } from '../../flows/submit-interview.js';
import { collectInputs, readQuestions } from '../inputs.js';
import { formatReport } from '../format.js';
import { formatStudyReport } from '../study-report.js';
import { synthesizeAndWait } from '../../flows/await-synthesis.js';
import { checkReportPaths, defaultReportPath, writeReportFiles } from '../report-files.js';
import { followJobs } from '../live-display.js';
import { JobEventHub } from '../../queues/job-event-hub.js';
import { inputKey } from '../item-key.js';
import { onInterrupt, projectName, resumeHint } from '../process-session.js';
import { randomUUID } from 'node:crypto';
import { onShutdown } from '../shutdown.js';
import { CliError } from '../cli-error.js';
import { prepareTranscript } from '../../transcript-formats/prepare.js';
import { LocalAnalyzer } from '../../analyzers/local/index.js';
import { CodebookError, loadCodebook } from '../../analyzers/local/codebook.js';

interface ProcessOptions {
  questions?: string;
  interviewers?: string;
  project?: string;
  instructions?: string;
  json?: boolean;
  limit?: string;
  codebook?: string;
  out?: string[];
}

export function processCommand(program: Command): void {
  program.command('process <inputs...>')
    .description('analyse transcript/media files, folders or CSVs (transcript_id,text) in this process and print a report')
    .option('--questions <file>', 'research questions, one per line (default: questions.txt inside a given folder)')
    .option('--interviewers <names>', 'comma-separated speaker names of the interviewers (default: inferred)')
    .option('--project <uuid>', 'add to this project (default: a new project for this run; re-running the same inputs into a project adds nothing twice)')
    .option('--instructions <text>', 'custom instructions for the analysis')
    .option('--json', 'print the reports as JSON')
    .option('--limit <n>', 'only the first N interviews found')
    .option('--codebook <file>', 'deductive codebook JSON for the local analyzer (default: none, themes emerge from the interviews; example: examples/codebooks/ai-at-work.json)')
    .option('--out <file...>', 'write the full report to these files (.html: one self-contained page; .md: Markdown); default: an HTML file under DATA_DIR/reports/')
    .action(async (inputs: string[], opts: ProcessOptions) => {
      const code = await runProcess(inputs, opts);
      process.exitCode = code;
    });
}

async function runProcess(inputs: string[], opts: ProcessOptions): Promise<number> {
  const limit = opts.limit === undefined ? Infinity : Number(opts.limit);
  if (!(limit >= 1) || !Number.isInteger(limit) && limit !== Infinity) throw new CliError(`--limit must be a positive whole number, got ${opts.limit}`);
  const { items: found, questions: folderQuestions } = await collectInputs(inputs);
  const items = found.slice(0, limit);
  // something on screen within a second: opening the store and migrating can take a while
  console.error(`interview-flow: ${items.length} interview(s) found; starting…`);
  const questions = opts.questions ? await readQuestions(opts.questions) : folderQuestions;
  // refuse bad input before anything is written: every transcript must parse
  const interviewers = opts.interviewers?.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (item.transcript === undefined) continue;
    try {
      prepareTranscript(item.transcript, { interviewers });
    } catch (err) {
      throw new CliError(`${item.title}: ${(err as Error).message}`);
    }
  }
  checkReportPaths(opts.out ?? []);
  // process has its own progress display: step logs would interleave with it, so only warnings
  // and errors are logged unless LOG_LEVEL asks for more
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  if (opts.project && !/^[0-9a-f-]{36}$/i.test(opts.project)) throw new CliError(`--project must be a UUID, got ${opts.project}`);
  let analyzer: LocalAnalyzer | undefined;
  if (opts.codebook) {
    if (config.analyzer !== 'local') throw new CliError('--codebook applies to the local analyzer only');
    try {
      analyzer = new LocalAnalyzer({ delayMs: config.localAnalyzerDelayMs, codebook: loadCodebook(opts.codebook) });
    } catch (err) {
      if (err instanceof CodebookError) throw new CliError(err.message);
      throw err;
    }
  }
  const rt = await createRuntime(config, { migrate: true, ...(analyzer ? { analyzer } : {}) });
  const workers = startWorkers(rt);
  const projectId = opts.project ?? randomUUID();
  onInterrupt(() => resumeHint(inputs, { ...opts }, projectId));
  onShutdown(async () => {
    await workers.close();
    await rt.close();
  });
  const started = Date.now();
  try {
    const deps = { store: rt.store, queues: rt.queues, queueConfig: config.queues };
    const project = await rt.store.ensureProject(projectId, config.defaultAccountId, projectName(inputs));
    console.error(`project ${project.name} (${project.id})`);
    const submitted: { title: string; run: SubmittedInterview }[] = [];
    for (const item of items) {
      const run = await submitInterview(deps, {
        accountId: config.defaultAccountId,
        projectId,
        idempotencyKey: await inputKey(item),
        title: item.title,
        transcript: item.transcript,
        media: item.media?.kind === 'media' ? await ingest(rt, item.media.path) : item.media,
        interviewers,
        questions,
        customInstructions: opts.instructions,
      }).catch((err: Error) => { throw new CliError(`${item.title}: ${err.message}`); });
      submitted.push({ title: item.title, run });
    }
    const again = submitted.filter((s) => s.run.existing).length;
    console.error(`processing ${submitted.length} interview(s) with the ${rt.analyzer.name} analyzer (store: ${rt.store.driver})`
      + (again ? `; ${again} already in the project, not added again` : ''));
    const finals = await followJobs(rt.store, new JobEventHub(rt.connection, config.queuePrefix),
      submitted.map((s) => ({ title: s.title, analysisJobId: s.run.analysisJobId })),
      { tty: Boolean(process.stderr.isTTY) && !opts.json });
    const reports = (await Promise.all(submitted.map((s) => rt.store.getInterviewReport(s.run.interviewId)))).filter((r) => r !== null);
    const failed = finals.filter((j) => j.status !== 'completed');
    const projectRef = (await rt.store.getProject(projectId))!;
    // the study-level synthesis covering every interview that finished
    const synthesis = await synthesizeAndWait({ store: rt.store, queue: rt.queues.get('synthesize'), connection: rt.connection },
      { projectId: projectRef.id, projectName: projectRef.name },
      { ...config.synthesis, settings: config.queues.synthesize, timeoutMs: config.queues.synthesize.timeoutMs });
    const synthesisFailed = synthesis.latestRun?.status !== 'completed';
    if (opts.json) console.log(JSON.stringify({ synthesis, interviews: reports }, null, 2));
    else console.log(`${formatStudyReport(synthesis)}\n\n${formatReport(reports)}`);
    if (synthesisFailed) console.error(`synthesis failed: ${synthesis.latestRun?.error ?? synthesis.latestRun?.status} (retry: interview-flow synthesize --project ${projectRef.id})`);
    const secs = (Date.now() - started) / 1000;
    console.error(`\n${finals.length - failed.length}/${finals.length} completed in ${secs.toFixed(1)} s (${(finals.length / secs).toFixed(2)} interviews/s)`);
    for (const f of failed) console.error(`FAILED ${f.id}: ${f.error ?? f.status} (resume: interview-flow resume ${f.id})`);
    const files = await writeReportFiles(rt, projectId, opts.out?.length ? opts.out : [defaultReportPath(config.dataDir, projectId)]);
    for (const f of files) console.error(`full report: ${f}`);
    return failed.length || synthesisFailed ? 1 : 0;
  } finally {
    await workers.close();
    await rt.close();
  }
}

/** A local recording is copied into the media store, where the transcribe step reads uploads. */
async function ingest(rt: Runtime, file: string): Promise<{ kind: 'media'; path: string; originalName: string }> {
  const stored = await rt.mediaStore.put(createReadStream(file), { originalName: path.basename(file) });
  return { kind: 'media', path: stored.path, originalName: path.basename(file) };
}
