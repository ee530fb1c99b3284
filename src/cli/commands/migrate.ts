import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { openStore } from '../../store/index.js';

export function migrateCommand(program: Command): void {
  program.command('migrate')
    .description('apply the migrations in supabase/migrations to the configured database')
    .action(async () => {
      const config = loadConfig();
      const opened = await openStore(config.database);
      try {
        const applied = await opened.migrate();
        console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await opened.store.close();
      }
    });
}
