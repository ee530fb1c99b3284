import { connect, createServer, type AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testQueuePrefix } from '../support/db.js';
import { exitCode, spawnCli } from '../support/spawn-cli.js';

/**
 * Regression for issue #9's crash: a multipart body whose file part never reaches its closing
 * boundary made busboy emit 'error' on the file stream before anything listened, which killed
 * the API process and, under --with-workers, its workers. The real CLI process is attacked with
 * truncated, aborted and malformed bodies in a loop; it must answer (or drop) each one, stay
 * alive, keep no partial files, and still run a normal interview to completion afterwards.
 */

const B = 'xBOUNDARYx';
const CT = `multipart/form-data; boundary=${B}`;
const filePart = (name = 'file', filename = 'a.txt') =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n`;
const fieldPart = (name: string, value: string) => `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const END = `\r\n--${B}--\r\n`;
const TEXT = 'AI: What tools do you use?\n\nUser: Mostly Figma, and I hate exporting assets.\n';

interface Case {
  name: string;
  contentType: string;
  body: string | Buffer;
  /**
   * 'complete': send it all and wait for the answer; 'halfclose': send, then end our side before
   * the declared end (Node drops a request whose client half-closes, so an answer is optional);
   * 'abort': send, then reset the connection.
   */
  mode: 'complete' | 'halfclose' | 'abort';
  /** Content-Length to declare; default: the real length (chunked when 'chunked'). */
  length?: number | 'chunked';
}

const big = 'x'.repeat(200_000);
const CASES: Case[] = [
  { name: 'truncated file part, no closing boundary', contentType: CT, body: filePart() + TEXT, mode: 'complete' },
  { name: 'truncated file part, chunked', contentType: CT, body: filePart() + TEXT, mode: 'halfclose', length: 'chunked' },
  { name: 'truncated large file part', contentType: CT, body: filePart() + big, mode: 'complete' },
  { name: 'truncated after a field and a file', contentType: CT, body: fieldPart('title', 't') + filePart() + TEXT, mode: 'complete' },
  { name: 'truncated inside the part headers', contentType: CT, body: `--${B}\r\nContent-Disposition: form-da`, mode: 'complete' },
  { name: 'truncated inside a closing boundary', contentType: CT, body: filePart() + TEXT + `\r\n--${B.slice(0, 4)}`, mode: 'complete' },
  { name: 'declared longer than sent', contentType: CT, body: filePart() + TEXT, mode: 'halfclose', length: 100_000 },
  { name: 'aborted mid-file', contentType: CT, body: filePart() + big, mode: 'abort', length: 1_000_000 },
  { name: 'aborted mid-file, chunked', contentType: CT, body: filePart() + big, mode: 'abort', length: 'chunked' },
  { name: 'aborted mid-headers', contentType: CT, body: `--${B}\r\nContent-Disp`, mode: 'abort', length: 10_000 },
  { name: 'two files, second truncated', contentType: CT, body: filePart() + TEXT + '\r\n' + filePart('file2', 'b.txt') + TEXT, mode: 'complete' },
  { name: 'two complete files', contentType: CT, body: filePart() + TEXT + '\r\n' + filePart('file2', 'b.txt') + TEXT + END, mode: 'complete' },
  { name: 'no boundary parameter', contentType: 'multipart/form-data', body: filePart() + TEXT + END, mode: 'complete' },
  { name: 'boundary differs from the body', contentType: 'multipart/form-data; boundary=other', body: filePart() + TEXT + END, mode: 'complete' },
  { name: 'garbage body', contentType: CT, body: Buffer.from([0, 255, 13, 10, 45, 45, 0, 1, 2, 3]), mode: 'complete' },
  { name: 'empty body', contentType: CT, body: '', mode: 'complete' },
  { name: 'part without Content-Disposition', contentType: CT, body: `--${B}\r\nContent-Type: text/plain\r\n\r\n${TEXT}${END}`, mode: 'complete' },
  { name: 'oversized part header', contentType: CT, body: `--${B}\r\nX-Pad: ${'a'.repeat(100_000)}\r\n\r\nx${END}`, mode: 'complete' },
  { name: 'empty file', contentType: CT, body: filePart() + END, mode: 'complete' },
];

/** Sends one raw HTTP request; resolves with the status line's code, or 0 if none came back. */
function send(port: number, c: Case): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const body = Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body);
    const chunked = c.length === 'chunked';
    const head = [
      'POST /v1/interviews HTTP/1.1', 'Host: 127.0.0.1', `Content-Type: ${c.contentType}`, 'Connection: close',
      chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${c.length ?? body.length}`,
    ].join('\r\n') + '\r\n\r\n';
    const sock = connect(port, '127.0.0.1');
    let text = '';
    const done = () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    };
    sock.on('data', (d) => { text += d; });
    sock.on('error', done);
    sock.on('close', done);
    sock.write(head);
    // a chunked body that stops without its last chunk is truncated as well
    sock.write(chunked ? Buffer.concat([Buffer.from(body.length.toString(16) + '\r\n'), body, Buffer.from('\r\n')]) : body);
    if (c.mode === 'abort') setTimeout(() => sock.destroy(), 50);
    else if (c.mode === 'halfclose') setTimeout(() => sock.end(), 50);
    setTimeout(() => { sock.destroy(); }, 10_000).unref();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('multipart bodies that cannot take the API down', { timeout: 180_000 }, () => {
  let child: ReturnType<typeof spawnCli>;
  let port: number;
  let mediaDir: string;
  let drop: () => Promise<void>;
  const base = () => `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    mediaDir = await mkdtemp(join(tmpdir(), 'iflow-abuse-'));
    port = await freePort();
    child = spawnCli(['api', '--with-workers'], {
      DATABASE_URL: db.url, QUEUE_PREFIX: testQueuePrefix(), PORT: String(port), HOST: '127.0.0.1', MEDIA_DIR: mediaDir,
      // this file tests robustness, not the limits (test/api/hostile-*.test.ts does)
      RATE_LIMIT_SUBMISSIONS_PER_MINUTE: '10000', RATE_LIMIT_PER_MINUTE: '10000', MAX_CONCURRENT_SUBMISSIONS: '100',
    });
    // a cold start (tsx compiling the CLI) takes long on a loaded machine
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`api exited at start:\n${child.output()}`);
      const ok = await fetch(`${base()}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`api did not start:\n${child.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 180_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exitCode(child);
    }
    await drop?.();
    if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
  });

  it('answers every truncated, aborted and malformed body with a 4xx (or drops it) and stays alive', async () => {
    for (let round = 0; round < 3; round++) {
      for (const c of CASES) {
        const res = await send(port, c);
        const health = await fetch(`${base()}/healthz`).then((r) => r.status, () => 0);
        expect(health, `${c.name}: the API process died\n${child.output()}`).toBe(200);
        expect(child.exitCode, `${c.name}: the API process died\n${child.output()}`).toBeNull();
        if (res.status !== 0) {
          expect(res.status, `${c.name}: ${res.body}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${c.name}: ${res.body}`).toBeLessThan(500);
          expect(parseJson(res.body)?.error?.code, `${c.name}: ${JSON.stringify(res.body)}`).toEqual(expect.any(String));
        } else {
          // only an aborted or half-closed request may go unanswered
          expect(c.mode, `${c.name}: no response`).not.toBe('complete');
        }
      }
    }
    // a burst of them at once
    await Promise.all(Array.from({ length: 20 }, (_, i) => send(port, CASES[i % 8]!)));
    expect(child.exitCode, child.output()).toBeNull();
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    expect(child.output()).not.toMatch(/uncaught|unhandled/i);
  });

  it('keeps no partial or empty upload in the media store', async () => {
    // removal runs after the response: give it a moment
    let left: string[] = [];
    for (let i = 0; i < 50; i++) {
      left = (await readdir(mediaDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(left).toEqual([]);
  });

  it('still runs an uploaded interview to completion with its workers afterwards', async () => {
    const form = new FormData();
    form.append('file', new Blob([TEXT], { type: 'text/plain' }), 'interview.txt');
    form.append('questions', JSON.stringify(['Which tools do they use?']));
    const res = await fetch(`${base()}/v1/interviews`, { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const { analysisJobId } = (await res.json()) as { analysisJobId: string };
    const deadline = Date.now() + 120_000;
    let status = '';
    while (Date.now() < deadline) {
      const job = (await (await fetch(`${base()}/v1/analysis-jobs/${analysisJobId}`)).json()) as { status: string };
      status = job.status;
      if (status === 'completed' || status === 'failed') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('completed');
    expect(child.exitCode).toBeNull();
  });
});

function parseJson(text: string): any {
  try { return JSON.parse(text); } catch { return undefined; }
}
