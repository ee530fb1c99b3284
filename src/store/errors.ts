import { InvalidInputError } from '../domain/errors.js';

/** Typed store errors, mapped from the SQLSTATE codes raised by the SQL functions. */
export class StoreError extends Error {
  override name = 'StoreError';
}
export class NotFoundError extends StoreError {
  override name = 'NotFoundError';
}
/** A start or resume while a run is live (HTTP 409). */
export class RunActiveError extends StoreError {
  override name = 'RunActiveError';
}
/** A write from a run that is no longer current: it was fenced off. */
export class StaleRunError extends StoreError {
  override name = 'StaleRunError';
}
/** A resume with nothing left to run (HTTP 409). */
export class NothingToRunError extends StoreError {
  override name = 'NothingToRunError';
}

const BY_SQLSTATE: Record<string, new (message: string) => StoreError> = {
  IFNFD: NotFoundError,
  IFRUN: RunActiveError,
  IFSTL: StaleRunError,
  IFDON: NothingToRunError,
};

/** Maps a SQLSTATE (from pg, PGlite or a PostgREST error body) to a typed error. */
export function storeErrorFor(code: string | undefined, message: string): Error | undefined {
  if (!code) return undefined;
  if (code === 'IFBAD') return new InvalidInputError(message);
  const Ctor = BY_SQLSTATE[code];
  return Ctor ? new Ctor(message) : undefined;
}
