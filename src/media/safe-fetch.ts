import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { InvalidInputError, PermanentError } from '../domain/errors.js';
import { formatBytes } from './media-errors.js';
import { inspectUrl, LOOPBACK_ADDRESSES, type UrlPolicyOptions } from './url-policy.js';

/**
 * Validates a media URL when it is submitted (API 400 on refusal): scheme, literal IP and the
 * addresses its host name resolves to. Returns the parsed URL.
 */
export async function checkMediaUrl(url: string, options: UrlPolicyOptions = {}): Promise<URL> {
  const verdict = await inspectUrl(url, options);
  if (!verdict.ok) throw new InvalidInputError(`mediaUrl refused: ${verdict.reason}`, { url, kind: verdict.kind });
  return verdict.url;
}

export interface SafeDownloadOptions {
  maxBytes: number;
  /** Deadline for the whole download, redirects included. */
  timeoutMs: number;
  /** Explicit test setting: allow 127.0.0.1 / ::1. */
  allowLoopback?: boolean | undefined;
  signal?: AbortSignal | undefined;
  maxRedirects?: number;
  /** Directory for the temp dir holding the file (os.tmpdir() by default). */
  dir?: string | undefined;
  /** Custom DNS resolver (tests). */
  lookup?: LookupFunction | undefined;
}

export interface DownloadedFile {
  path: string;
  bytes: number;
  contentType: string | undefined;
  finalUrl: string;
  /** Removes the downloaded file and its temp dir. */
  release(): Promise<void>;
}

/**
 * Downloads a caller-supplied URL to a temp file without letting it reach internal services:
 * every hop (the first URL and each redirect) is checked with the URL policy and connected
 * through request-filtering-agent, which re-checks the address actually dialled. Refuses other
 * schemes, bodies over maxBytes (declared or streamed), and downloads slower than timeoutMs.
 * Refusals are PermanentErrors (retrying cannot help); network failures and 5xx are plain errors
 * (retryable). The caller's signal aborting rethrows its reason.
 */
export async function safeDownload(url: string, options: SafeDownloadOptions): Promise<DownloadedFile> {
  const { maxBytes, timeoutMs, allowLoopback = false, signal, maxRedirects = 5, lookup } = options;
  const deadline = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
  const dir = await mkdtemp(join(options.dir ?? tmpdir(), 'iflow-dl-'));
  const file = join(dir, 'download');
  const release = () => rm(dir, { recursive: true, force: true });

  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      const verdict = await inspectUrl(current, { allowLoopback, lookup });
      if (!verdict.ok) {
        const where = hop === 0 ? '' : ` (after redirect ${hop} to ${current})`;
        if (verdict.kind === 'dns') throw new Error(`media download failed${where}: ${verdict.reason}`);
        throw new PermanentError(`media download refused${where}: ${verdict.reason}`);
      }
      const res = await request(verdict.url, { allowLoopback, lookup, signal: combined });
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (hop >= maxRedirects) throw new PermanentError(`media download refused: more than ${maxRedirects} redirects`);
        current = new URL(res.headers.location, verdict.url).href;
        continue;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        const message = `media download failed: ${verdict.url.host} answered HTTP ${status}`;
        if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw new PermanentError(message);
        throw new Error(message);
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.destroy();
        throw new PermanentError(`media download refused: the file is ${formatBytes(declared)}, more than the limit of ${formatBytes(maxBytes)}`);
      }
      let bytes = 0;
      const limiter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          if (bytes > maxBytes) done(new PermanentError(`media download refused: the body exceeded the limit of ${formatBytes(maxBytes)}`));
          else done(null, chunk);
        },
      });
      await pipeline(res, limiter, createWriteStream(file), { signal: combined });
      return { path: file, bytes, contentType: res.headers['content-type'], finalUrl: verdict.url.href, release };
    }
  } catch (err) {
    await release();
    throw translate(err, { signal, deadline, timeoutMs });
  }
}

function request(
  url: URL,
  opts: { allowLoopback: boolean; lookup: LookupFunction | undefined; signal: AbortSignal },
): Promise<http.IncomingMessage> {
  const filter = {
    allowPrivateIPAddress: false,
    allowMetaIPAddress: false,
    allowIPAddressList: opts.allowLoopback ? LOOPBACK_ADDRESSES : [],
  };
  const isHttps = url.protocol === 'https:';
  const agent = isHttps ? new RequestFilteringHttpsAgent(filter) : new RequestFilteringHttpAgent(filter);
  const get = isHttps ? https.get : http.get;
  return new Promise((resolve, reject) => {
    const req = get(url, {
      agent,
      signal: opts.signal,
      headers: { 'user-agent': 'interview-flow media fetcher', accept: 'audio/*, video/*, */*;q=0.5' },
      ...(opts.lookup ? { lookup: opts.lookup } : {}),
    });
    req.once('response', resolve);
    req.once('error', reject);
  });
}

/** Maps low-level failures to the typed errors the step runner understands. */
function translate(err: unknown, ctx: { signal: AbortSignal | undefined; deadline: AbortSignal; timeoutMs: number }): unknown {
  if (ctx.signal?.aborted) return ctx.signal.reason ?? err;
  if (ctx.deadline.aborted) {
    return new PermanentError(`media download refused: not finished within ${(ctx.timeoutMs / 1000).toFixed(1)} s (too slow or endless)`);
  }
  if (err instanceof PermanentError || err instanceof InvalidInputError) return err;
  const message = (err as Error)?.message ?? String(err);
  // request-filtering-agent's connect-time refusal (e.g. DNS answer changed after our check)
  if (/is not allowed/.test(message)) return new PermanentError(`media download refused: ${message}`);
  return new Error(`media download failed: ${message}`);
}
