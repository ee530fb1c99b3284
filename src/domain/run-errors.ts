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

/**
 * The database could not be reached (refused, reset, timed out, shutting down). Drivers raise
 * it (src/store/unavailable.ts classifies their errors); it says nothing about the step, so the
 * step runner waits for the database instead of spending one of the step's attempts.
 */
export class StoreUnavailableError extends StoreError {
  override name = 'StoreUnavailableError';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
  }
}
