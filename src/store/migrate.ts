import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The migrations folder shipped with the package (Supabase CLI layout). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../supabase/migrations/', import.meta.url));

/** What the migrator needs from a driver: run a multi-statement script, run a query. */
export interface MigrationTarget {
  exec(sql: string): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface Migration {
  version: string;
  name: string;
  sql: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  return Promise.all(files.map(async (f) => ({
    version: f.split('_')[0]!,
    name: path.basename(f, '.sql'),
    sql: await readFile(path.join(dir, f), 'utf8'),
  })));
}

/**
 * Applies pending migrations in order, each in its own transaction, and records them in
 * schema_migrations so a second run is a no-op. An advisory lock keeps concurrent migrators
 * (several processes starting at once) from applying the same file twice.
 */
export async function migrate(target: MigrationTarget, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  await target.exec(`create table if not exists schema_migrations (
    version text primary key, name text not null, applied_at timestamptz not null default now())`);
  await target.exec('select pg_advisory_lock(472061)');
  const applied: string[] = [];
  try {
    const done = new Set((await target.query('select version from schema_migrations')).rows.map((r) => String(r.version)));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      try {
        await target.exec('begin');
        await target.exec(m.sql);
        await target.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
        await target.exec('commit');
      } catch (err) {
        await target.exec('rollback').catch(() => {});
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
  } finally {
    await target.exec('select pg_advisory_unlock(472061)');
  }
  return applied;
}
