import { StoreUnavailableError } from '../domain/run-errors.js';

export { StoreUnavailableError };

/** Node socket errors that mean "no connection", not "bad query". */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
/**
 * SQLSTATEs of an unavailable server: class 08 (connection exception), 57P01-57P03 (admin
 * shutdown, crash shutdown, cannot connect now), 53300 (too many connections).
 */
const SQLSTATE = /^(08...|57P0[123]|53300)$/;
/** node-postgres reports a dropped or never-opened connection only in its message. */
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated unexpectedly|connect ECONNREFUSED|fetch failed|socket hang up/i;

/** True when `err` (from any driver) says the database could not be reached. */
export function isStoreUnavailable(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || SQLSTATE.test(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  // AggregateError (happy eyeballs: every address refused) and fetch's TypeError carry the cause
  if (Array.isArray(e.errors) && e.errors.some(isStoreUnavailable)) return true;
  return e.cause !== undefined && e.cause !== err && isStoreUnavailable(e.cause);
}

/** Wraps a driver error as StoreUnavailableError when it is one, so callers test one class. */
export function asUnavailable(err: unknown): StoreUnavailableError | undefined {
  if (err instanceof StoreUnavailableError) return err;
  if (!isStoreUnavailable(err)) return undefined;
  const message = (err as { message?: string }).message || (err as { code?: string }).code || 'database unavailable';
  return new StoreUnavailableError(`database unavailable: ${message}`, err);
}
