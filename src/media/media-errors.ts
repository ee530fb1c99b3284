import { InvalidInputError } from '../domain/errors.js';

/**
 * The bytes are not audio or video we can process (a PDF, an image, random bytes, an empty or
 * truncated file). An InvalidInputError, so the API answers 400; a step that meets it should fail
 * permanently (see `asStepError`).
 */
export class UnsupportedMediaError extends InvalidInputError {
  override name = 'UnsupportedMediaError';
  constructor(message: string, details?: unknown) {
    super(message, details);
  }
}

/** An upload or download that exceeded its byte limit. */
export class MediaTooLargeError extends InvalidInputError {
  override name = 'MediaTooLargeError';
  constructor(readonly maxBytes: number, what = 'the media file') {
    super(`${what} is larger than the limit of ${formatBytes(maxBytes)}`, { maxBytes });
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
