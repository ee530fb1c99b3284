import { cp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from '../migrate.js';
import { embeddedPgliteOptions } from './settings.js';

/**
 * A ready embedded database (initdb done, migrations applied) built once by `npm run build`
 * into dist/, and copied into a new data directory instead of running initdb there.
 * Why: PGlite's initdb keeps ~400 MB of WASM memory in the process that ran it (measured: a
 * process that ran initdb peaks at ~575 MB, one that opens an existing directory at ~170 MB),
 * and it takes seconds; a file copy takes neither. Without a template (running from sources)
 * the directory is created in-process as before.
 */
export const TEMPLATE_DIR = fileURLToPath(new URL('../../../dist/pglite-template/', import.meta.url));

export function isInitialised(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'PG_VERSION'));
}

/** Copies the template into an empty `dataDir`; false when there is no template. */
export async function copyTemplate(dataDir: string, template = TEMPLATE_DIR): Promise<boolean> {
  if (!isInitialised(template)) return false;
  await cp(template, dataDir, { recursive: true, force: false, errorOnExist: false });
  return true;
}

/** Builds the template (called by the build script): a fresh data directory, migrated. */
export async function buildTemplate(template = TEMPLATE_DIR): Promise<void> {
  await rm(template, { recursive: true, force: true });
  await mkdir(template, { recursive: true });
  const db = await PGlite.create(template, embeddedPgliteOptions());
  await migrate({ exec: async (sql) => { await db.exec(sql); }, query: (sql, params) => db.query<Record<string, unknown>>(sql, params) });
  await db.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await buildTemplate();
  process.exit(0);
}
