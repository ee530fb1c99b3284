import { join } from 'node:path';
import { z } from 'zod';
import type { Config } from '../config/index.js';
import { InvalidInputError } from '../domain/errors.js';
import { LocalDirMediaStore } from './local-dir/local-dir-media-store.js';
import type { MediaStore } from './media-store.js';
import { S3MediaStore, type S3MediaStoreOptions } from './s3/s3-media-store.js';

export type { MediaStore, StoredMedia, MediaMeta, LocalMediaFile } from './media-store.js';
export { LocalDirMediaStore } from './local-dir/local-dir-media-store.js';
export { S3MediaStore, type S3MediaStoreOptions } from './s3/s3-media-store.js';
export { receiveUpload, type ReceivedUpload, type UploadedFile, type ReceiveUploadOptions } from './receive-upload.js';
export { detectMedia, type DetectedMedia } from './detect-media.js';
export { classifyUpload, type UploadKind } from './classify-upload.js';
export { probeDuration, probeMedia, normalizeAudio } from './ffmpeg.js';
export { checkMediaUrl, safeDownload, type DownloadedFile, type SafeDownloadOptions } from './safe-fetch.js';
export { UnsupportedMediaError, MediaTooLargeError } from './media-errors.js';

const MediaEnv = z.object({
  /** `local` (a directory or shared volume, default) or `s3` (any S3-compatible object store). */
  MEDIA_STORE: z.enum(['local', 's3']).default('local'),
  S3_BUCKET: z.string().min(1).optional(),
  S3_PREFIX: z.string().default('media/'),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
  MEDIA_DIR: z.string().min(1).optional(),
  MEDIA_DOWNLOAD_MAX_BYTES: z.coerce.number().int().positive().optional(),
  MEDIA_DOWNLOAD_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10 * 60 * 1000),
});

export interface MediaSettings {
  /** Root of the local media store. */
  dir: string;
  /** The object store when MEDIA_STORE=s3 (src/media/s3). */
  s3?: S3MediaStoreOptions | undefined;
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
  const e = parsed.data;
  if (e.MEDIA_STORE === 's3' && !e.S3_BUCKET) throw new InvalidInputError('invalid media configuration: S3_BUCKET is required when MEDIA_STORE=s3');
  return {
    dir: parsed.data.MEDIA_DIR ?? join(config.dataDir, 'media'),
    s3: e.MEDIA_STORE === 's3' ? {
      bucket: e.S3_BUCKET!, prefix: e.S3_PREFIX, endpoint: e.S3_ENDPOINT, region: e.S3_REGION,
      accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      forcePathStyle: e.S3_FORCE_PATH_STYLE === undefined ? undefined : e.S3_FORCE_PATH_STYLE === 'true',
    } : undefined,
    download: { maxBytes: parsed.data.MEDIA_DOWNLOAD_MAX_BYTES ?? config.maxUploadBytes, timeoutMs: parsed.data.MEDIA_DOWNLOAD_TIMEOUT_MS },
  };
}

/**
 * The media store for this deployment: a local directory (one machine or a shared volume) or,
 * with MEDIA_STORE=s3, an S3-compatible object store that API and worker pods share (AWS S3,
 * MinIO, Cloudflare R2, Supabase Storage's S3 API).
 */
export function createMediaStore(config: Pick<Config, 'dataDir' | 'maxUploadBytes' | 'env'>): MediaStore {
  const settings = mediaSettings(config);
  return settings.s3 ? new S3MediaStore(settings.s3) : new LocalDirMediaStore(settings.dir);
}
