import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { InvalidInputError } from '../../domain/errors.js';
import type { LocalMediaFile, MediaMeta, MediaStore, StoredMedia } from '../media-store.js';

export interface S3MediaStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket (default `media/`). */
  prefix?: string | undefined;
  /** S3-compatible endpoint (MinIO, R2, Supabase Storage's S3 API); unset: AWS. */
  endpoint?: string | undefined;
  region?: string | undefined;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** Path-style URLs (`endpoint/bucket/key`): needed by MinIO and most self-hosted servers. */
  forcePathStyle?: boolean | undefined;
}

/**
 * Media store on any S3-compatible object store, so API and worker pods share recordings
 * without a shared volume. Uploads stream in parts (never buffered whole); `localFile` copies
 * the object to a temporary file for ffmpeg and removes it on release. Keys are
 * `<prefix>YYYY-MM-DD/<uuid><ext>`, never derived from the caller's file name.
 */
export class S3MediaStore implements MediaStore {
  private client: Promise<S3Client> | undefined;
  private readonly prefix: string;

  constructor(private readonly opts: S3MediaStoreOptions) {
    this.prefix = opts.prefix ?? 'media/';
  }

  /** The SDK loads on first use, so deployments on a local directory never load it. */
  private s3(): Promise<S3Client> {
    this.client ??= import('@aws-sdk/client-s3').then(({ S3Client: Client }) => new Client({
      region: this.opts.region ?? 'us-east-1',
      ...(this.opts.endpoint ? { endpoint: this.opts.endpoint } : {}),
      forcePathStyle: this.opts.forcePathStyle ?? Boolean(this.opts.endpoint),
      ...(this.opts.accessKeyId && this.opts.secretAccessKey
        ? { credentials: { accessKeyId: this.opts.accessKeyId, secretAccessKey: this.opts.secretAccessKey } }
        : {}),
    }));
    return this.client;
  }

  async put(stream: Readable, meta: MediaMeta = {}): Promise<StoredMedia> {
    const day = new Date().toISOString().slice(0, 10);
    const key = `${day}/${randomUUID()}${safeExtension(meta.originalName)}`;
    const [{ Upload }, client] = await Promise.all([import('@aws-sdk/lib-storage'), this.s3()]);
    // count what goes through, so the size is known without buffering or a second request
    let bytes = 0;
    const counted = new Transform({ transform(chunk: Buffer, _enc, done) { bytes += chunk.length; done(null, chunk); } });
    stream.on('error', (err) => counted.destroy(err));
    stream.pipe(counted);
    const upload = new Upload({
      client,
      params: { Bucket: this.opts.bucket, Key: this.prefix + key, Body: counted, ContentType: meta.mimeType ?? 'application/octet-stream' },
    });
    try {
      await upload.done();
    } catch (err) {
      await upload.abort().catch(() => {});
      throw err;
    }
    return { path: key, bytes };
  }

  async open(path: string): Promise<Readable> {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const res = await (await this.s3()).send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.key(path) }));
    return res.Body as Readable;
  }

  async remove(path: string): Promise<void> {
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await (await this.s3()).send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.key(path) }));
  }

  async localFile(path: string): Promise<LocalMediaFile> {
    let body: Readable;
    try {
      body = await this.open(path);
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') throw new InvalidInputError(`media file ${path} is not in the media store`);
      throw err;
    }
    const dir = await mkdtemp(join(tmpdir(), 'iflow-media-'));
    const file = join(dir, `media${safeExtension(path)}`);
    try {
      await pipeline(body, createWriteStream(file));
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    return { path: file, release: () => rm(dir, { recursive: true, force: true }) };
  }

  private key(path: string): string {
    if (!path || path.startsWith('/') || path.split('/').includes('..')) throw new InvalidInputError(`invalid media key: ${path}`);
    return this.prefix + path;
  }
}

function safeExtension(name: string | undefined): string {
  const ext = name ? extname(name).toLowerCase() : '';
  return /^\.[a-z0-9]{1,8}$/.test(ext) ? ext : '';
}
