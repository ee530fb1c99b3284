import type { Readable } from 'node:stream';

export interface MediaMeta {
  originalName?: string | undefined;
  mimeType?: string | undefined;
}

export interface StoredMedia {
  /** The store's key for the file; put it in InterviewSource `{ kind: 'media', path }`. */
  path: string;
  bytes: number;
}

export interface LocalMediaFile {
  /** An absolute path on this machine that tools such as ffmpeg can read. */
  path: string;
  /** Removes any temporary copy (a no-op for the local-directory store). */
  release(): Promise<void>;
}

/**
 * Where uploaded and downloaded recordings live between the API and the workers. The local
 * directory adapter serves one machine or a shared volume; an object-store adapter (Supabase
 * Storage, S3) implements the same four calls, with `localFile` downloading to a temp file.
 */
export interface MediaStore {
  /** Streams `stream` into the store (never buffered whole). Rejects if the stream errors. */
  put(stream: Readable, meta?: MediaMeta): Promise<StoredMedia>;
  open(path: string): Promise<Readable>;
  remove(path: string): Promise<void>;
  localFile(path: string): Promise<LocalMediaFile>;
}
