import { readFile, stat } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { detectMedia, type DetectedMedia } from './detect-media.js';
import { formatBytes, UnsupportedMediaError } from './media-errors.js';

export type UploadKind = { kind: 'media'; media: DetectedMedia } | { kind: 'text'; text: string };

/**
 * Tells an uploaded recording from an uploaded transcript (plain text, WebVTT, SRT, JSON), by the
 * bytes: binary signatures go through detectMedia; files with no signature or a text one
 * (file-type knows WebVTT) that decode as UTF-8 without NUL bytes are text for the transcript parsers. Anything else (PDF,
 * images, random bytes, empty or truncated media) is an UnsupportedMediaError saying what it is.
 */
export async function classifyUpload(path: string, options: { maxTextBytes?: number; signal?: AbortSignal } = {}): Promise<UploadKind> {
  const maxTextBytes = options.maxTextBytes ?? 5 * 1024 * 1024;
  const { size } = await stat(path);
  if (size === 0) throw new UnsupportedMediaError('the file is empty');
  const type = await fileTypeFromFile(path);
  const textual = !type || type.mime.startsWith('text/') || type.mime === 'application/json' || type.mime === 'application/x-subrip';
  if (!textual) return { kind: 'media', media: await detectMedia(path, options.signal) };
  if (size <= maxTextBytes) {
    const bytes = await readFile(path);
    if (!bytes.includes(0)) {
      try {
        return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
      } catch {
        /* not UTF-8: fall through */
      }
    }
  } else {
    throw new UnsupportedMediaError(`the file is neither audio/video nor a text transcript of at most ${formatBytes(maxTextBytes)}`);
  }
  throw new UnsupportedMediaError('the file is neither audio/video nor a UTF-8 text transcript');
}
