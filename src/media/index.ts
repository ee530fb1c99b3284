import { join } from 'node:path';
import { z } from 'zod';
import type { Config } from '../config/index.js';
import { InvalidInputError } from '../domain/errors.js';
import { LocalDirMediaStore } from './local-dir/local-dir-media-store.js';
import type { MediaStore } from './media-store.js';

export type { MediaStore, StoredMedia, MediaMeta, LocalMediaFile } from './media-store.js';
export { LocalDirMediaStore } from './local-dir/local-dir-media-store.js';
export { receiveUpload, type ReceivedUpload, type UploadedFile, type ReceiveUploadOptions } from './receive-upload.js';
export { detectMedia, type DetectedMedia } from './detect-media.js';
export { classifyUpload, type UploadKind } from './classify-upload.js';
export { probeDuration, probeMedia, normalizeAudio } from './ffmpeg.js';
export { checkMediaUrl, safeDownload, type DownloadedFile, type SafeDownloadOptions } from './safe-fetch.js';
export { UnsupportedMediaError, MediaTooLargeError } from './media-errors.js';

const MediaEnv = z.object({
  MEDIA_DIR: z.string().min(1).optional(),
  MEDIA_DOWNLOAD_MAX_BYTES: z.coerce.number().int().positive().optional(),
  MEDIA_DOWNLOAD_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10 * 60 * 1000),
});

export interface MediaSettings {
  /** Root of the local media store. */
  dir: string;
  /** Limits for fetching `mediaUrl`s. */
  download: { maxBytes: number; timeoutMs: number };
}

/**
 * Media settings from the config's raw environment: MEDIA_DIR (default DATA_DIR/media),
 * MEDIA_DOWNLOAD_MAX_BYTES (default MAX_UPLOAD_BYTES), MEDIA_DOWNLOAD_TIMEOUT_MS (default 10 min).
 * Loopback downloads are deliberately not configurable here: only tests enable them, in code.
 */
export function mediaSettings(config: Pick<Config, 'dataDir' | 'maxUploadBytes' | 'env'>): MediaSettings {
  const cleaned = Object.fromEntries(Object.entries(config.env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = MediaEnv.safeParse(cleaned);
  if (!parsed.success) {
    throw new InvalidInputError(`invalid media configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return {
    dir: parsed.data.MEDIA_DIR ?? join(config.dataDir, 'media'),
    download: { maxBytes: parsed.data.MEDIA_DOWNLOAD_MAX_BYTES ?? config.maxUploadBytes, timeoutMs: parsed.data.MEDIA_DOWNLOAD_TIMEOUT_MS },
  };
}

/** The media store for this deployment (a local directory; object stores can slot in here). */
export function createMediaStore(config: Pick<Config, 'dataDir' | 'maxUploadBytes' | 'env'>): MediaStore {
  return new LocalDirMediaStore(mediaSettings(config).dir);
}
