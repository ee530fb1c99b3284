import pg from 'pg';
import pLimit, { type LimitFunction } from 'p-limit';
import type { RpcTransport } from '../rpc.js';
import { storeErrorFor } from '../sqlstate-errors.js';
import { asUnavailable } from '../unavailable.js';

/** Anything that runs parameterised SQL: a pg Pool or a PGlite instance. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Builds `select fn(p_a => $1, ...)`. Objects and arrays go as JSON text, which Postgres casts
 * to the jsonb parameter types; arrays of strings are left to the driver, which sends them as
 * Postgres arrays (the text[] parameters).
 */
export function rpcSql(fn: string, args: Record<string, unknown>): { sql: string; params: unknown[] } {
  if (!/^[a-z_][a-z0-9_]*$/.test(fn)) throw new Error(`invalid function name ${fn}`);
  const names = Object.keys(args);
  const params = names.map((n) => encodeParam(args[n]));
  const list = names.map((n, i) => `${n} => $${i + 1}`).join(', ');
  return { sql: `select public.${fn}(${list}) as r`, params };
}

function encodeParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** Runs an RPC over any SqlRunner and maps SQLSTATE codes to typed store errors. */
export async function callOver<T>(runner: SqlRunner, fn: string, args: Record<string, unknown>): Promise<T> {
  const { sql, params } = rpcSql(fn, args);
  return mapErrors<T>(() => runner.query(sql, params));
}

async function mapErrors<T>(run: () => Promise<{ rows: Record<string, unknown>[] }>): Promise<T> {
  try {
    const res = await run();
    return (res.rows[0]?.r ?? null) as T;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    throw storeErrorFor(e.code, e.message ?? String(err)) ?? asUnavailable(err) ?? err;
  }
}

/** Direct Postgres driver (DATABASE_URL). */
export class PostgresTransport implements RpcTransport {
  readonly name = 'postgres';
  readonly pool: pg.Pool;
  /**
   * Calls wait for a free connection here, in order and without a deadline: pg-pool's own queue
   * would apply the connection timeout to that wait too, so a burst (1,000 interviews submitted
   * at once) failed calls as "database unavailable" while the database was merely busy.
   */
  private readonly slots: LimitFunction;

  /**
   * Named (prepared) statements: each connection parses and plans a call's statement once, not
   * at every call (about a quarter of the database's CPU of a small call, measured). One name
   * per statement text, shared by the pool's connections. Off for poolers that cannot keep
   * them (PgBouncer in transaction mode without max_prepared_statements).
   */
  private readonly names: Map<string, string> | null;

  constructor(connectionString: string, opts: { max?: number; prepared?: boolean } = {}) {
    const max = opts.max ?? 10;
    this.names = opts.prepared === false ? null : new Map();
    // a cut network must fail the call (and be retried), not hang it forever
    this.pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 10_000 });
    this.slots = pLimit(max);
    // an idle client losing its connection must not crash the process
    this.pool.on('error', () => {});
  }

  call<T>(fn: string, args: Record<string, unknown>): Promise<T> {
    if (!this.names) return this.slots(() => callOver<T>(this.pool, fn, args));
    const { sql, params } = rpcSql(fn, args);
    let name = this.names.get(sql);
    if (name === undefined) this.names.set(sql, (name = `iflow_rpc_${this.names.size + 1}`));
    return this.slots(() => mapErrors<T>(() => this.pool.query({ name, text: sql, values: params })));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
