import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import S3rver from 's3rver';
import { S3MediaStore } from '../../src/media/s3/s3-media-store.js';
import { createMediaStore } from '../../src/media/index.js';
import { loadConfig } from '../../src/config/index.js';
import { freePort } from '../support/private-redis.js';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

/**
 * The S3 media store against a local server speaking the S3 protocol (s3rver: real HTTP, SigV4
 * requests, multipart uploads), so API and worker pods can share recordings without a volume.
 */
describe('S3-compatible media store', () => {
  let server: S3rver;
  let dir: string;
  let endpoint: string;
  const bucket = 'iflow-media';
  const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iflow-s3-'));
    const port = await freePort();
    server = new S3rver({ port, address: '127.0.0.1', directory: dir, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
    await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams a recording in (multipart, 12 MB), reads it back, copies it to a local file, removes it', async () => {
    const store = new S3MediaStore({ bucket, endpoint, ...creds });
    const data = randomBytes(12 * 1024 * 1024); // above the 5 MB part size: a real multipart upload
    const stored = await store.put(Readable.from([data.subarray(0, 7e6), data.subarray(7e6)]), { originalName: 'call.MP3', mimeType: 'audio/mpeg' });
    expect(stored.bytes).toBe(data.length);
    expect(stored.path).toMatch(/^\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\.mp3$/);

    expect((await readAll(await store.open(stored.path))).equals(data)).toBe(true);
    const local = await store.localFile(stored.path);
    expect(readFileSync(local.path).equals(data)).toBe(true);
    await local.release();
    expect(existsSync(local.path)).toBe(false);

    await store.remove(stored.path);
    await expect(store.localFile(stored.path)).rejects.toThrow(/not in the media store/);
  }, 60_000);

  it('rejects a stream that fails mid-upload and refuses keys outside its prefix', async () => {
    const store = new S3MediaStore({ bucket, endpoint, ...creds });
    const failing = new Readable({ read() {} });
    failing.push(Buffer.alloc(1024));
    setTimeout(() => failing.destroy(new Error('client went away')), 50);
    await expect(store.put(failing, { originalName: 'x.wav' })).rejects.toThrow(/client went away/);
    await expect(store.open('../secrets')).rejects.toThrow(/invalid media key/);
  }, 60_000);

  it('is what createMediaStore returns for MEDIA_STORE=s3, configured from the environment', async () => {
    const config = loadConfig({ MEDIA_STORE: 's3', S3_BUCKET: bucket, S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: creds.accessKeyId, S3_SECRET_ACCESS_KEY: creds.secretAccessKey });
    const store = createMediaStore(config);
    expect(store).toBeInstanceOf(S3MediaStore);
    const stored = await store.put(Readable.from([Buffer.from('RIFF....WAVE')]), { originalName: 'a.wav' });
    expect((await readAll(await store.open(stored.path))).toString()).toBe('RIFF....WAVE');
    expect(() => createMediaStore(loadConfig({ MEDIA_STORE: 's3' }))).toThrow(/S3_BUCKET/);
  }, 60_000);
});
