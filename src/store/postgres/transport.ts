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

/**
 * How long an idle pooled connection stays open: 5 minutes. A new connection's backend compiles
 * every SQL function and plans every statement again (5 custom plans each before a generic one),
 * so with pg's default (10 s) an interview arriving after a quiet spell paid it on every call's
 * connection: bench/store-cpu.ts, the first interview on a fresh backend 30-40 ms of server CPU
 * against 9.2-9.6 ms warm (bench/store-idle.ts times the wall clock after an idle gap).
 * `allowExitOnIdle` keeps idle connections from holding a finished process open.
 */
export const IDLE_CONNECTION_MS = 300_000;

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
    // a cut network must fail the call (and be retried), not hang it forever. Idle connections
    // stay open for IDLE_CONNECTION_MS (pg's default closed them after 10 s): see there
    this.pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: IDLE_CONNECTION_MS, allowExitOnIdle: true });
    this.slots = pLimit(max);
    // an idle client losing its connection must not crash the process
    this.pool.on('error', () => {});
  }

  call<T>(fn: string, args: Record<string, unknown>): Promise<T> {
    const { sql, params } = rpcSql(fn, args);
    if (!this.names) return this.slots(() => mapErrors<T>(() => this.query({ text: sql, values: params })));
    let name = this.names.get(sql);
    if (name === undefined) this.names.set(sql, (name = `iflow_rpc_${this.names.size + 1}`));
    return this.slots(() => mapErrors<T>(() => this.query({ name, text: sql, values: params })));
  }

  /**
   * pool.query destroys the connection whenever its query fails. An error the server reported
   * (a SQLSTATE outside connection classes: fencing's stale run, 409, not found) leaves the
   * connection usable, so it goes back to the pool; only a connection failure discards it.
   */
  private async query(config: pg.QueryConfig): Promise<pg.QueryResult<Record<string, unknown>>> {
    const client = await this.pool.connect();
    try {
      const res = await client.query<Record<string, unknown>>(config);
      client.release();
      return res;
    } catch (err) {
      client.release(keepsConnection(err) ? undefined : (err as Error));
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * True for an error the server sent about the statement (an ErrorResponse with a SQLSTATE), after
 * which the connection is idle and usable: every call is one autocommit statement, so no
 * transaction is left open. Connection exceptions (08), shutdowns (57P) and errors without a
 * SQLSTATE (socket closed, timeouts: not a DatabaseError) discard the connection.
 */
export function keepsConnection(err: unknown): boolean {
  if (!(err instanceof pg.DatabaseError) || typeof err.code !== 'string') return false;
  return !err.code.startsWith('08') && !err.code.startsWith('57P') && err.code !== 'XX000';
}
