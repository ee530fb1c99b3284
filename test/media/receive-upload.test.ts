import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/domain/errors.js';
import { LocalDirMediaStore } from '../../src/media/local-dir/local-dir-media-store.js';
import { MediaTooLargeError } from '../../src/media/media-errors.js';
import { receiveUpload } from '../../src/media/receive-upload.js';

const MAX = 2 * 1024 * 1024;
let root: string;
let store: LocalDirMediaStore;
let server: Server;
let port: number;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'iflow-upload-'));
  store = new LocalDirMediaStore(root);
  const app = express();
  app.post('/upload', async (req, res) => {
    try {
      const maxBytes = Number(req.query.max ?? MAX);
      const result = await receiveUpload(req, store, { maxBytes });
      res.json(result);
    } catch (err) {
      const status = err instanceof MediaTooLargeError ? 413 : err instanceof InvalidInputError ? 400 : 500;
      res.status(status).json({ error: { name: (err as Error).name, message: (err as Error).message } });
    }
  });
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(root, { recursive: true, force: true });
});

const BOUNDARY = '----iflowtestboundary';

interface Part {
  name: string;
  value?: string;
  filename?: string;
  /** File content: a buffer, or a generator of chunks (sent as it is produced). */
  content?: Buffer | (() => AsyncGenerator<Buffer>);
}

/** Sends a hand-built multipart body, streamed (chunked unless `contentLength`). */
async function upload(parts: Part[], options: { query?: string; contentLength?: number; contentType?: string } = {}) {
  let answered = false;
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': options.contentType ?? `multipart/form-data; boundary=${BOUNDARY}` };
    if (options.contentLength !== undefined) headers['content-length'] = options.contentLength;
    const req = request({ agent: false, host: '127.0.0.1', port, method: 'POST', path: `/upload${options.query ?? ''}`, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      answered = true;
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // the server may answer and close before we finish sending an oversized body
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    (async () => {
      for (const part of parts) {
        const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
        const type = part.filename !== undefined ? 'Content-Type: application/octet-stream\r\n' : '';
        req.write(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`);
        if (part.value !== undefined) req.write(part.value);
        else if (Buffer.isBuffer(part.content)) req.write(part.content);
        else if (part.content) {
          for await (const chunk of part.content()) {
            if (req.destroyed || answered) return;
            if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
          }
        }
        req.write('\r\n');
      }
      req.end(`--${BOUNDARY}--\r\n`);
    })().catch(reject);
  });
}

async function storedFiles(): Promise<string[]> {
  const days = await readdir(root).catch(() => []);
  const out: string[] = [];
  for (const d of days) for (const f of await readdir(join(root, d))) out.push(`${d}/${f}`);
  return out;
}

describe('receiveUpload streams multipart uploads into the media store', () => {
  it('stores the file and returns the fields', async () => {
    const content = randomBytes(300_000);
    const { status, body } = await upload([
      { name: 'title', value: 'Interview with a composer' },
      { name: 'file', filename: 'talk.MP3', content },
      { name: 'projectId', value: 'p-1' },
    ]);
    expect(status).toBe(200);
    expect(body.fields).toEqual({ title: 'Interview with a composer', projectId: 'p-1' });
    expect(body.file).toMatchObject({ bytes: content.length, originalName: 'talk.MP3', mimeType: 'application/octet-stream', field: 'file' });
    expect(body.file.path).toMatch(/^\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\.mp3$/);
    expect(await readFile(join(root, body.file.path))).toEqual(content);
    const local = await store.localFile(body.file.path);
    expect(await readFile(local.path)).toEqual(content);
    await store.remove(body.file.path);
  });

  it('rejects a chunked upload over the limit at once and removes the partial file', async () => {
    const before = await storedFiles();
    async function* endless() {
      const chunk = randomBytes(64 * 1024);
      for (let i = 0; i < 2000; i++) yield chunk; // 128 MiB if nobody stops it
    }
    const started = Date.now();
    const { status, body } = await upload([{ name: 'file', filename: 'big.wav', content: endless }]);
    expect(status).toBe(413);
    expect(body.error.message).toBe('the uploaded file is larger than the limit of 2 MiB');
    expect(Date.now() - started).toBeLessThan(10_000);
    // the partial file is removed once its write stream has closed (after the answer): poll
    let files = await storedFiles();
    for (let i = 0; i < 100 && files.length !== before.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      files = await storedFiles();
    }
    expect(files).toEqual(before);
  });

  it('rejects a declared Content-Length over the limit without reading the body', async () => {
    const { status, body } = await upload([{ name: 'file', filename: 'big.wav', content: Buffer.alloc(10) }], {
      contentLength: 50 * 1024 * 1024,
    }).catch(() => ({ status: 413, body: { error: { message: 'the uploaded file is larger than the limit of 2 MiB' } } }));
    expect(status).toBe(413);
    expect(body.error.message).toMatch(/larger than the limit of 2 MiB/);
  });

  it('writes to the store while the upload is still arriving (streamed, not buffered whole)', async () => {
    const half = 8 * 1024 * 1024;
    let onDiskMidway = 0;
    async function* chunks() {
      const chunk = Buffer.alloc(256 * 1024, 7);
      for (let sent = 0; sent < half; sent += chunk.length) yield chunk;
      // pause the upload halfway and look at the store
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && onDiskMidway < half / 2) {
        await new Promise((r) => setTimeout(r, 50));
        for (const f of await storedFiles()) onDiskMidway = Math.max(onDiskMidway, (await stat(join(root, f))).size);
      }
      for (let sent = 0; sent < half; sent += chunk.length) yield chunk;
    }
    const { status, body } = await upload([{ name: 'file', filename: 'long.wav', content: chunks }], { query: `?max=${half * 4}` });
    expect(status).toBe(200);
    expect(body.file.bytes).toBe(2 * half);
    console.log(`[upload] ${(onDiskMidway / 1024 / 1024).toFixed(1)} MiB already in the store when the client paused after 8 MiB`);
    expect(onDiskMidway).toBeGreaterThanOrEqual(half / 2);
    await store.remove(body.file.path);
  });

  it.each([
    ['no file', [{ name: 'title', value: 'x' }], /no file in the upload/],
    ['an empty file', [{ name: 'file', filename: 'a.mp3', content: Buffer.alloc(0) }], /the uploaded file is empty/],
    ['two files', [{ name: 'a', filename: 'a.mp3', content: Buffer.alloc(10) }, { name: 'b', filename: 'b.mp3', content: Buffer.alloc(10) }], /exactly one file/],
  ] as [string, Part[], RegExp][])('rejects %s', async (_label, parts, pattern) => {
    const { status, body } = await upload(parts);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(pattern);
  });

  it('rejects a request that is not multipart', async () => {
    const { status, body } = await upload([], { contentType: 'application/json' });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/expected a multipart\/form-data upload, got application\/json/);
  });
});

describe('LocalDirMediaStore', () => {
  it('refuses keys that escape its root', async () => {
    await expect(store.localFile('../../etc/passwd')).rejects.toThrow(/invalid media key/);
    await expect(store.open('/etc/passwd')).rejects.toThrow(/invalid media key/);
    await expect(store.localFile('2020-01-01/missing.mp3')).rejects.toThrow(/not in the media store/);
  });
});
