import { InvalidInputError } from '../domain/errors.js';
import { NotFoundError, NothingToRunError, RunActiveError, StaleRunError, type StoreError } from '../domain/run-errors.js';

/** The custom SQLSTATE codes raised by the SQL functions in supabase/migrations. */
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
