import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rm, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidInputError } from '../../domain/errors.js';
import type { LocalMediaFile, MediaMeta, MediaStore, StoredMedia } from '../media-store.js';

/**
 * Media store on a local directory (or a volume shared by API and workers). Keys are
 * `YYYY-MM-DD/<uuid><ext>`: never derived from the caller's file name beyond a sanitised
 * extension, so a name cannot escape the root.
 */
export class LocalDirMediaStore implements MediaStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(stream: Readable, meta: MediaMeta = {}): Promise<StoredMedia> {
    const day = new Date().toISOString().slice(0, 10);
    const key = `${day}/${randomUUID()}${safeExtension(meta.originalName)}`;
    const file = this.resolveKey(key);
    // listen from the start: the stream may fail while the directory is being created, and an
    // 'error' nobody hears crashes the process
    let early: Error | undefined;
    const onEarly = (err: Error) => { early ??= err; };
    stream.on('error', onEarly);
    try {
      await mkdir(join(this.root, day), { recursive: true });
    } finally {
      stream.off('error', onEarly);
    }
    if (early || stream.destroyed) throw early ?? new Error('the upload stream was closed before it was stored');
    const out = createWriteStream(file, { flags: 'wx' });
    try {
      await pipeline(stream, out);
    } catch (err) {
      // the file is opened asynchronously: remove it only once the stream has closed, or an
      // empty file appears after the removal
      if (!out.closed) await once(out, 'close').catch(() => {});
      await rm(file, { force: true });
      throw err;
    }
    const { size } = await stat(file);
    return { path: key, bytes: size };
  }

  async open(path: string): Promise<Readable> {
    const file = this.resolveKey(path);
    await access(file);
    return createReadStream(file);
  }

  async remove(path: string): Promise<void> {
    await rm(this.resolveKey(path), { force: true });
  }

  async localFile(path: string): Promise<LocalMediaFile> {
    const file = this.resolveKey(path);
    try {
      await access(file);
    } catch {
      throw new InvalidInputError(`media file ${path} is not in the media store`);
    }
    return { path: file, release: async () => {} };
  }

  /** Maps a key to a file inside the root; refuses keys that would escape it. */
  private resolveKey(key: string): string {
    const file = resolve(this.root, key);
    const rel = relative(this.root, file);
    if (!key || isAbsolute(key) || rel.startsWith('..') || isAbsolute(rel)) {
      throw new InvalidInputError(`invalid media key: ${key}`);
    }
    return file;
  }
}

function safeExtension(name: string | undefined): string {
  const ext = name ? extname(name).toLowerCase() : '';
  return /^\.[a-z0-9]{1,8}$/.test(ext) ? ext : '';
}
