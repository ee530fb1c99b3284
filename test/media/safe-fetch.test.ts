import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError, PermanentError } from '../../src/domain/errors.js';
import { checkMediaUrl, safeDownload } from '../../src/media/safe-fetch.js';

// A real HTTP server on loopback: media, redirects, an endless body and a slow body.
let server: Server;
let base: string;
const media = Buffer.from('RIFF....WAVEfmt fake-but-served-bytes'.repeat(100));

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/media.wav') {
      res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': media.length });
      res.end(media);
    } else if (path === '/redirect-to-media') {
      res.writeHead(302, { location: '/media.wav' }).end();
    } else if (path === '/redirect-to-private') {
      res.writeHead(302, { location: 'http://10.0.0.5/secret' }).end();
    } else if (path === '/redirect-to-metadata') {
      res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    } else if (path === '/redirect-to-file') {
      res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    } else if (path === '/endless') {
      res.writeHead(200, { 'content-type': 'audio/mpeg' });
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (res.write(chunk)) {
          /* keep writing until backpressure */
        }
      };
      res.on('drain', pump);
      res.on('close', () => res.off('drain', pump));
      pump();
    } else if (path === '/slow') {
      res.writeHead(200, { 'content-type': 'audio/mpeg' });
      const timer = setInterval(() => res.write('x'), 100);
      res.on('close', () => clearInterval(timer));
    } else if (path === '/huge-declared') {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      res.end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const opts = { maxBytes: 1024 * 1024, timeoutMs: 3000 };

/** A resolver that maps every name to 127.0.0.1, like an attacker-controlled DNS record. */
const toLoopback = ((_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
  if (options?.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
}) as unknown as LookupFunction;

async function refused(promise: Promise<unknown>, type: new (...args: never[]) => Error, pattern: RegExp): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a refusal').toBeInstanceOf(type);
  expect((err as Error).message).toMatch(pattern);
  return (err as Error).message;
}

describe('checkMediaUrl (submission time)', () => {
  it.each([
    ['http://127.0.0.1/a.mp3', /loopback address 127\.0\.0\.1/],
    ['http://[::1]/a.mp3', /loopback address ::1/],
    ['http://10.1.2.3/a.mp3', /private network address 10\.1\.2\.3/],
    ['http://192.168.0.10/a.mp3', /private network/],
    ['http://169.254.169.254/latest/meta-data/', /cloud metadata service address 169\.254\.169\.254/],
    ['http://169.254.10.1/a.mp3', /link-local address/],
    ['http://[::ffff:127.0.0.1]/a.mp3', /loopback address 127\.0\.0\.1/],
    ['http://0.0.0.0/a.mp3', /unspecified address/],
    ['file:///etc/passwd', /only http and https media URLs are allowed, not file:/],
    ['gopher://example.com/1', /not gopher:/],
    ['ftp://example.com/a.mp3', /not ftp:/],
    ['not a url', /not a valid URL/],
  ])('refuses %s', async (url, pattern) => {
    const message = await refused(checkMediaUrl(url), InvalidInputError, pattern);
    expect(message).toMatch(/^mediaUrl refused: /);
  });

  it('refuses a host name that resolves to loopback (localhost)', async () => {
    await refused(checkMediaUrl('http://localhost/a.mp3'), InvalidInputError, /localhost resolves to (127\.0\.0\.1|::1)/);
  });

  it('refuses a public-looking name whose DNS answer is 127.0.0.1', async () => {
    await refused(checkMediaUrl('https://media.example.test/a.mp3', { lookup: toLoopback }), InvalidInputError, /media\.example\.test resolves to 127\.0\.0\.1/);
  });

  it('accepts a public address', async () => {
    const url = await checkMediaUrl('https://93.184.215.14/interview.mp3');
    expect(url.hostname).toBe('93.184.215.14');
  });
});

describe('safeDownload (step time)', () => {
  it('fetches a file from the loopback media server when the test explicitly allows loopback', async () => {
    const file = await safeDownload(`${base}/redirect-to-media`, { ...opts, allowLoopback: true });
    try {
      expect(file.bytes).toBe(media.length);
      expect(await readFile(file.path)).toEqual(media);
      expect(file.finalUrl).toBe(`${base}/media.wav`);
    } finally {
      await file.release();
    }
  });

  it('refuses the same loopback server without the explicit setting', async () => {
    await refused(safeDownload(`${base}/media.wav`, opts), PermanentError, /loopback address 127\.0\.0\.1/);
  });

  it('refuses a host name resolving to 127.0.0.1 (custom DNS)', async () => {
    const port = new URL(base).port;
    await refused(safeDownload(`http://media.example.test:${port}/media.wav`, { ...opts, lookup: toLoopback }), PermanentError, /resolves to 127\.0\.0\.1/);
  });

  it('catches a DNS answer that changes to 127.0.0.1 between the check and the connection (rebinding)', async () => {
    let calls = 0;
    const rebinding = ((_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
      const address = calls++ === 0 ? '93.184.215.14' : '127.0.0.1';
      if (options?.all) cb(null, [{ address, family: 4 }]);
      else cb(null, address, 4);
    }) as unknown as LookupFunction;
    const port = new URL(base).port;
    await refused(safeDownload(`http://rebind.example.test:${port}/media.wav`, { ...opts, lookup: rebinding }), PermanentError, /127\.0\.0\.1.*is not allowed/);
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('refuses localhost', async () => {
    await refused(safeDownload(`http://localhost:${new URL(base).port}/media.wav`, opts), PermanentError, /loopback/);
  });

  it('refuses 10.x and the metadata address without connecting', async () => {
    await refused(safeDownload('http://10.0.0.1/a.mp3', opts), PermanentError, /private network address 10\.0\.0\.1/);
    await refused(safeDownload('http://169.254.169.254/latest/meta-data/', opts), PermanentError, /cloud metadata/);
  });

  it('re-checks every redirect: to a private address, to the metadata service, to file://', async () => {
    const o = { ...opts, allowLoopback: true };
    await refused(safeDownload(`${base}/redirect-to-private`, o), PermanentError, /after redirect 1 to http:\/\/10\.0\.0\.5\/secret.*private network/);
    await refused(safeDownload(`${base}/redirect-to-metadata`, o), PermanentError, /after redirect 1 .*169\.254\.169\.254/);
    await refused(safeDownload(`${base}/redirect-to-file`, o), PermanentError, /after redirect 1 .*not file:/);
  });

  it('refuses other schemes', async () => {
    await refused(safeDownload('file:///etc/passwd', opts), PermanentError, /not file:/);
    await refused(safeDownload('gopher://example.com/1', opts), PermanentError, /not gopher:/);
  });

  it('refuses an endless body at the byte limit', async () => {
    await refused(safeDownload(`${base}/endless`, { ...opts, allowLoopback: true }), PermanentError, /exceeded the limit of 1 MiB/);
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    await refused(safeDownload(`${base}/huge-declared`, { ...opts, allowLoopback: true }), PermanentError, /10 MiB, more than the limit of 1 MiB/);
  });

  it('refuses a slow body at the overall deadline', async () => {
    const started = Date.now();
    await refused(safeDownload(`${base}/slow`, { ...opts, timeoutMs: 800, allowLoopback: true }), PermanentError, /not finished within 0\.8 s/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("rethrows the caller's abort", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('worker shutting down')), 200);
    await refused(safeDownload(`${base}/slow`, { ...opts, allowLoopback: true, signal: controller.signal }), Error, /worker shutting down/);
  });
});
