import type { LookupFunction } from 'node:net';
import { InvalidInputError, PermanentError } from '../domain/errors.js';
import { detectMedia, type DetectedMedia } from '../media/detect-media.js';
import type { MediaStore } from '../media/media-store.js';
import { safeDownload } from '../media/safe-fetch.js';
import type { InterviewSource } from '../ports/transcriber.js';

/** What transcribers need to reach a recording: the media store and the download limits. */
export interface MediaAccess {
  mediaStore: MediaStore;
  download: {
    maxBytes: number;
    timeoutMs: number;
    /** Explicit test setting only. */
    allowLoopback?: boolean | undefined;
    lookup?: LookupFunction | undefined;
  };
}

export interface LocalMedia {
  path: string;
  media: DetectedMedia;
}

/**
 * Makes the interview's recording available as a verified local file for the duration of `fn`:
 * a stored upload is opened from the media store, a URL is fetched with safeDownload (every hop
 * checked). The bytes must be audio or video; anything else fails the step permanently with the
 * reason. Temporary copies are removed afterwards.
 */
export async function withLocalMedia<T>(
  source: InterviewSource,
  access: MediaAccess,
  signal: AbortSignal,
  fn: (local: LocalMedia) => Promise<T>,
): Promise<T> {
  if (source.kind === 'transcript') {
    throw new PermanentError('this interview has a transcript, not media: it needs no transcriber');
  }
  const file =
    source.kind === 'media'
      ? await access.mediaStore.localFile(source.path).catch(asStepError)
      : await safeDownload(source.url, { ...access.download, signal });
  try {
    const media = await detectMedia(file.path, signal).catch(asStepError);
    return await fn({ path: file.path, media });
  } finally {
    await file.release();
  }
}

/** Invalid input discovered inside a step cannot be fixed by retrying. */
export function asStepError(err: unknown): never {
  if (err instanceof InvalidInputError) throw new PermanentError(err.message);
  throw err;
}
