import { expect } from 'vitest';
import { TranscriptParseError } from '../../src/domain/errors.js';

/** Runs fn, asserts it throws a TranscriptParseError and returns it. */
export function parseErrorOf(fn: () => unknown): TranscriptParseError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TranscriptParseError);
    return err as TranscriptParseError;
  }
  throw new Error('expected a TranscriptParseError, nothing was thrown');
}
