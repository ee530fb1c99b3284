import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createRuntime } from '../../runtime/runtime.js';
import { startWorkers } from '../../worker/step-workers.js';
import { onShutdown } from '../shutdown.js';

/**
 * The HTTP app (express, Bull Board, the OpenAPI UI), auth and the trace exporter are loaded when
 * this command runs, not when the CLI starts: every other command (the quick start's `process`)
 * would carry about 30 MB of modules it never uses.
 */
async function loadApiModules() {
  const [app, events, clientErrors, authConfig, authenticator, traceExport, reconciler] = await Promise.all([
    import('../../api/app.js'), import('../../api/routes/events.js'), import('../../api/client-errors.js'),
    import('../../auth/auth-config.js'), import('../../auth/authenticator.js'), import('../../ops/trace-export.js'),
    import('../../ops/reconciler-schedule.js'),
  ]);
  return {
    createApp: app.createApp, endEventStreams: events.endEventStreams, answerClientErrors: clientErrors.answerClientErrors,
    loadAuthConfig: authConfig.loadAuthConfig, resolveAuthenticator: authenticator.resolveAuthenticator,
    startTraceExport: traceExport.startTraceExport, startReconciler: reconciler.startReconciler,
  };
}

export function apiCommand(program: Command): void {
  program.command('api')
    .description('serve the HTTP API and Bull Board (/admin/queues)')
    .option('--with-workers', 'also run every queue\'s workers in this process')
    .action(async (opts: { withWorkers?: boolean }) => {
      const { createApp, endEventStreams, answerClientErrors, loadAuthConfig, resolveAuthenticator, startTraceExport, startReconciler } = await loadApiModules();
      const config = loadConfig();
      const auth = loadAuthConfig(config);
      // before anything opens a span: the SDK must be registered first
      const traces = startTraceExport(config.ops.traces, 'api');
      const rt = await createRuntime(config);
      const resolved = await resolveAuthenticator({ store: rt.store, auth, host: config.host, defaultAccountId: config.defaultAccountId })
        .catch(async (err: unknown) => {
          await rt.close();
          throw err;
        });
      // the embedded database lives in this process, so its workers must too
      const workers = opts.withWorkers || rt.embeddedStore ? startWorkers(rt) : null;
      const reconciler = workers && config.ops.reconciler.enabled ? startReconciler(rt) : null;
      const app = createApp(rt, { authenticator: resolved.authenticator, auth });
      const server = answerClientErrors(app.listen(config.port, config.host, () => {
        console.log(`interview-flow api on http://${config.host}:${config.port} (Bull Board: /admin/queues, store: ${rt.store.driver}${workers ? ', with workers' : ''})`);
        if (resolved.authenticator.mode === 'single-account') {
          console.log(`auth: SINGLE-ACCOUNT MODE (${resolved.reason}): every request acts as account ${config.defaultAccountId} with every scope. ` +
            'Create a key with `interview-flow keys create` and restart to require credentials.');
        } else {
          console.log(`auth: credentials required (${resolved.reason})`);
        }
      }));
      onShutdown(async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        endEventStreams(); // open SSE streams would keep the server from closing
        await closed;
        await reconciler?.close();
        await workers?.close(config.shutdownTimeoutMs);
        await rt.close();
        await traces?.shutdown(); // the last steps' spans are sent before the process exits
      });
    });
}
