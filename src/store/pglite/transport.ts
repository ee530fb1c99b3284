import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { RpcTransport } from '../rpc.js';
import { callOver, type SqlRunner } from '../postgres/transport.js';
import { migrate, type MigrationTarget } from '../migrate.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';
import { compileEmbeddedWasmForMemory, embeddedPgliteOptions } from './settings.js';
import { copyTemplate, isInitialised } from './template.js';

/** Where the embedded database lives when nothing else is configured. */
export const DEFAULT_PGLITE_DIR = '.data/pglite';

export interface PgliteOptions {
  /** A directory (relative to cwd) or `memory://` for a throwaway in-memory database. */
  dataDir?: string | undefined;
  /** Apply pending migrations on open (default true: the embedded store has no separate migrate step). */
  migrate?: boolean | undefined;
}

/** PGlite's `exec` runs multi-statement scripts (the migrations); `query` runs parameterised SQL. */
export function pgliteMigrationTarget(db: PGlite): MigrationTarget {
  return {
    exec: async (sql) => { await db.exec(sql); },
    query: (sql, params) => db.query<Record<string, unknown>>(sql, params),
  };
}

/**
 * Embedded Postgres (PGlite, WASM) driver: the same migrations and SQL functions as the Postgres
 * driver, in-process, stored under a data directory. PGlite is one connection that serialises
 * statements; every RPC is one statement (one transaction), so concurrent calls are safe.
 * A data directory can only be opened by one process at a time (see lock.ts).
 */
export class PgliteTransport implements RpcTransport {
  readonly name = 'pglite';

  private constructor(readonly db: PGlite, readonly dataDir: string, private readonly lock: DataDirLock | null) {}

  static async open(opts: PgliteOptions = {}): Promise<PgliteTransport> {
    const dataDir = resolveDataDir(opts.dataDir);
    let lock: DataDirLock | null = null;
    if (!dataDir.startsWith('memory://')) {
      await mkdir(dataDir, { recursive: true });
      lock = acquireDataDirLock(dataDir);
    }
    try {
      // a new directory starts as a copy of the built template (no initdb here: see template.ts)
      if (lock && !isInitialised(dataDir)) await copyTemplate(dataDir);
      compileEmbeddedWasmForMemory();
      const db = await PGlite.create(dataDir, embeddedPgliteOptions());
      if (opts.migrate ?? true) await migrate(pgliteMigrationTarget(db));
      return new PgliteTransport(db, dataDir, lock);
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  call<T>(fn: string, args: Record<string, unknown>): Promise<T> {
    return callOver<T>(this.db as unknown as SqlRunner, fn, args);
  }

  async close(): Promise<void> {
    try {
      if (!this.db.closed) await this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}

function resolveDataDir(dir: string | undefined): string {
  const d = dir ?? DEFAULT_PGLITE_DIR;
  return d.startsWith('memory://') ? d : path.resolve(d);
}
