import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.js';
import { InvalidInputError } from '../domain/errors.js';
import { migrateCommand } from './commands/migrate.js';
import { apiCommand } from './commands/api.js';
import { workerCommand } from './commands/worker.js';
import { processCommand } from './commands/process.js';
import { statusCommand } from './commands/status.js';
import { resumeCommand } from './commands/resume.js';
import { synthesizeCommand } from './commands/synthesize.js';
import { keysCommand } from './commands/keys.js';
import { estimateCommand } from './commands/estimate.js';
import { cancelCommand } from './commands/cancel.js';
import { CliError } from './cli-error.js';
import { explainDatabaseError } from './environment-errors.js';
import { createRequire } from 'node:module';
import { StoreError } from '../domain/run-errors.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const program = new Command('interview-flow')
  .description('Turn customer-research interviews into evidence, insights, personas and answers.')
  .version(version, '-V, --version', 'print the version')
  .showHelpAfterError()
  .exitOverride();

for (const register of [migrateCommand, apiCommand, workerCommand, processCommand, statusCommand, resumeCommand, synthesizeCommand, keysCommand, estimateCommand, cancelCommand]) {
  register(program);
}

/** Failures of the environment, said in one line: embedded database in use, no Redis, LLM not configured. */
const EXPECTED = new Set(['DataDirBusyError', 'RedisUnavailableError', 'BamlConfigError']);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  // expected failures (unknown job, live run, nothing to run, embedded database in use): one line
  const busy = EXPECTED.has((err as Error).name) || err instanceof StoreError;
  if (err instanceof ConfigError || err instanceof InvalidInputError || err instanceof CliError || busy) {
    console.error(`interview-flow: ${(err as Error).message}`);
    process.exit(err instanceof CliError ? err.exitCode : busy ? 1 : 2);
  }
  const database = explainDatabaseError(err);
  if (database) {
    console.error(`interview-flow: ${database}`);
    process.exit(1);
  }
  console.error(`interview-flow: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
}
