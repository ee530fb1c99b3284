/**
 * Errors about analysis jobs and their runs, raised by the store (mapped from the SQLSTATE codes
 * of the SQL functions) and handled by the pipeline core. They live in the domain so the core
 * never imports an adapter to recognise them.
 */
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
