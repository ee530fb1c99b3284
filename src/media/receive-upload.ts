import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { InvalidInputError } from '../domain/errors.js';
import type { MediaStore, StoredMedia } from './media-store.js';
import { MediaTooLargeError } from './media-errors.js';

export interface UploadedFile {
  /** Key in the media store (InterviewSource `{ kind: 'media', path }`). */
  path: string;
  bytes: number;
  originalName: string | undefined;
  /** What the client declared; not trusted, run detectMedia on the stored bytes. */
  mimeType: string | undefined;
  /** Name of the multipart field that carried the file. */
  field: string;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: UploadedFile | undefined;
}

export interface ReceiveUploadOptions {
  maxBytes: number;
  /** Default true: a multipart request without a file is an error. */
  requireFile?: boolean;
  maxFieldBytes?: number;
  maxFields?: number;
}

/** Room for the non-file parts when comparing Content-Length with maxBytes. */
const MULTIPART_OVERHEAD = 1024 * 1024;

/**
 * Streams a multipart/form-data request into the media store: the file goes straight from the
 * socket to the store (never held whole in memory), text fields are collected. At most one file.
 * Over the limit, the partial file is removed and the call rejects at once with
 * MediaTooLargeError (an InvalidInputError); malformed requests reject with InvalidInputError.
 *
 * Call it from an express handler before any body parser has consumed the request.
 */
export function receiveUpload(req: IncomingMessage, store: MediaStore, options: ReceiveUploadOptions): Promise<ReceivedUpload> {
  const { maxBytes, requireFile = true, maxFieldBytes = 256 * 1024, maxFields = 100 } = options;
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) {
    return Promise.reject(new InvalidInputError(`expected a multipart/form-data upload, got ${contentType || 'no Content-Type'}`));
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD) {
    req.resume(); // discard, so the connection can carry the error response
    return Promise.reject(new MediaTooLargeError(maxBytes, 'the uploaded file'));
  }

  return new Promise<ReceivedUpload>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: maxBytes, fields: maxFields, fieldSize: maxFieldBytes, parts: maxFields + 1 },
      });
    } catch (err) {
      reject(new InvalidInputError(`malformed multipart request: ${(err as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    let stored: Promise<StoredMedia> | undefined;
    let fileInfo: Omit<UploadedFile, 'path' | 'bytes'> | undefined;
    let fileStream: Readable | undefined;
    let settled = false;

    const removeStored = () => {
      stored?.then((s) => store.remove(s.path)).catch(() => {});
    };
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      req.resume(); // drain without buffering
      // a half-written file: destroying its stream makes the store's put fail and delete it
      fileStream?.destroy();
      removeStored();
      reject(err);
    };

    bb.on('file', (field: string, stream: Readable & { truncated?: boolean }, info: busboy.FileInfo) => {
      // busboy emits 'error' on the file stream itself when the body ends inside the part (no
      // closing boundary); an unheard 'error' event is an uncaught exception that takes the whole
      // process down, so every stream gets its listener here, before any await
      stream.on('error', (err: Error) => fail(new InvalidInputError(`malformed multipart body: ${err.message}`)));
      if (stored) {
        stream.resume();
        fail(new InvalidInputError('send exactly one file per upload'));
        return;
      }
      fileStream = stream;
      fileInfo = { field, originalName: info.filename || undefined, mimeType: info.mimeType || undefined };
      stream.on('limit', () => fail(new MediaTooLargeError(maxBytes, 'the uploaded file')));
      stored = store.put(stream, { originalName: info.filename, mimeType: info.mimeType });
      // the store's error may name paths on this machine: log it, answer without it
      stored.catch((err: Error) => {
        if (!settled) console.error('[upload] storing failed:', err.message);
        fail(new InvalidInputError('the upload could not be stored (interrupted or malformed)'));
      });
    });
    bb.on('field', (name: string, value: string, info: busboy.FieldInfo) => {
      if (info.valueTruncated) fail(new InvalidInputError(`form field "${name}" is longer than ${maxFieldBytes} bytes`));
      else fields[name] = value;
    });
    bb.on('filesLimit', () => fail(new InvalidInputError('send exactly one file per upload')));
    bb.on('fieldsLimit', () => fail(new InvalidInputError(`too many form fields (at most ${maxFields})`)));
    bb.on('partsLimit', () => fail(new InvalidInputError('too many parts in the multipart body')));
    bb.on('error', (err: Error) => fail(new InvalidInputError(`malformed multipart body: ${err.message}`)));
    bb.on('close', () => {
      if (settled) return;
      (async () => {
        const saved = stored ? await stored : undefined;
        if (saved && saved.bytes === 0) {
          await store.remove(saved.path);
          throw new InvalidInputError('the uploaded file is empty');
        }
        if (!saved || !fileInfo) {
          if (requireFile) throw new InvalidInputError('no file in the upload: send the recording as a multipart file field');
          return { fields, file: undefined };
        }
        return { fields, file: { ...fileInfo, path: saved.path, bytes: saved.bytes } };
      })().then(
        (result) => {
          if (settled) return;
          settled = true;
          resolve(result);
        },
        (err: Error) => fail(err instanceof InvalidInputError ? err : new InvalidInputError(err.message)),
      );
    });
    req.on('aborted', () => fail(new InvalidInputError('the upload was interrupted by the client')));
    req.on('error', (err) => fail(new InvalidInputError(`the upload failed: ${err.message}`)));
    req.pipe(bb);
  });
}
