/**
 * Errors that cross port boundaries. Adapters throw these; the step runner maps them to BullMQ
 * behaviour (retry with backoff, retry later without burning an attempt, or fail at once).
 */

/** Bad input from a caller (HTTP 400 / CLI exit 2). */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  constructor(message: string, readonly details?: unknown) {
    super(message);
  }
}

/** A transcript that cannot be parsed; names the line where it went wrong. */
export class TranscriptParseError extends InvalidInputError {
  override name = 'TranscriptParseError';
  constructor(message: string, readonly line?: number) {
    super(line ? `line ${line}: ${message}` : message, line ? { line } : undefined);
  }
}

/** Retrying cannot help (bad credentials, refused URL, context too long, not media...). */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

/**
 * The provider asked us to come back later (HTTP 429 Retry-After). The job is delayed without
 * counting an attempt.
 */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  constructor(message: string, readonly retryAfterMs: number) {
    super(message);
  }
}

/** A step's deadline passed or the worker is shutting down. Retryable. */
export class StepTimeoutError extends Error {
  override name = 'StepTimeoutError';
}
