import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';

export interface FakeSegment {
  text: string;
  startMs: number;
  endMs: number;
  /** Only sent for response_format=diarized_json. */
  speaker?: string;
}

export interface FakeOpenAIAudioOptions {
  apiKey?: string;
  segments: FakeSegment[];
  durationSeconds?: number;
  /** Answer the first N requests with 429 and this Retry-After (seconds). */
  rateLimitFirst?: { count: number; retryAfterSeconds: number };
}

export interface ReceivedTranscriptionRequest {
  fields: Record<string, string[]>;
  fileName: string | undefined;
  fileType: string | undefined;
  fileBytes: number;
  /** First bytes of the file, to check what format was sent. */
  fileHead: Buffer;
}

export interface FakeOpenAIAudio {
  /** API root with the version, as clients are configured: http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  requests: ReceivedTranscriptionRequest[];
  close(): Promise<void>;
}

/**
 * A local server speaking the OpenAI `/v1/audio/transcriptions` protocol: Bearer auth, a
 * multipart body with `file`, `model`, `response_format` and `timestamp_granularities[]`, and
 * `verbose_json` (segments, words) or `diarized_json` (segments with speakers) answers in
 * seconds, OpenAI-style errors and 429 with Retry-After.
 */
export async function startFakeOpenAIAudio(options: FakeOpenAIAudioOptions): Promise<FakeOpenAIAudio> {
  const apiKey = options.apiKey ?? 'sk-test';
  const requests: ReceivedTranscriptionRequest[] = [];
  let limited = 0;

  const error = (res: import('node:http').ServerResponse, status: number, message: string, type: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error: { message, type, param: null, code: null } }));
  };

  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
      error(res, 404, `Invalid URL (${req.method} ${req.url})`, 'invalid_request_error');
      return;
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      req.resume();
      error(res, 401, 'Incorrect API key provided.', 'invalid_request_error');
      return;
    }
    const received: ReceivedTranscriptionRequest = { fields: {}, fileName: undefined, fileType: undefined, fileBytes: 0, fileHead: Buffer.alloc(0) };
    const bb = busboy({ headers: req.headers });
    bb.on('field', (name, value) => (received.fields[name] ??= []).push(value));
    bb.on('file', (_name, stream, info) => {
      received.fileName = info.filename;
      received.fileType = info.mimeType;
      stream.on('data', (chunk: Buffer) => {
        if (received.fileHead.length < 16) received.fileHead = Buffer.concat([received.fileHead, chunk]).subarray(0, 16);
        received.fileBytes += chunk.length;
      });
    });
    bb.on('close', () => {
      requests.push(received);
      if (options.rateLimitFirst && limited < options.rateLimitFirst.count) {
        limited++;
        error(res, 429, 'Rate limit reached for requests', 'requests', { 'retry-after': String(options.rateLimitFirst.retryAfterSeconds) });
        return;
      }
      if (!received.fileBytes) return error(res, 400, "you must provide a 'file'", 'invalid_request_error');
      if (!received.fields.model?.[0]) return error(res, 400, "you must provide a 'model'", 'invalid_request_error');
      const format = received.fields.response_format?.[0] ?? 'json';
      const duration = options.durationSeconds ?? (options.segments.at(-1)?.endMs ?? 0) / 1000;
      const text = options.segments.map((s) => s.text).join(' ');
      res.writeHead(200, { 'content-type': 'application/json' });
      if (format === 'diarized_json') {
        res.end(
          JSON.stringify({
            task: 'transcribe',
            duration,
            text,
            segments: options.segments.map((s, id) => ({ type: 'transcript.text.segment', id: `seg_${id}`, start: s.startMs / 1000, end: s.endMs / 1000, text: s.text, speaker: s.speaker ?? 'A' })),
            usage: { type: 'duration', seconds: Math.ceil(duration) },
          }),
        );
        return;
      }
      if (format !== 'verbose_json') {
        res.end(JSON.stringify({ text }));
        return;
      }
      const granularities = received.fields['timestamp_granularities[]'] ?? ['segment'];
      res.end(
        JSON.stringify({
          task: 'transcribe',
          language: 'english',
          duration,
          text,
          segments: options.segments.map((s, id) => ({
            id,
            seek: 0,
            start: s.startMs / 1000,
            end: s.endMs / 1000,
            text: ` ${s.text}`,
            tokens: [],
            temperature: 0,
            avg_logprob: -0.2,
            compression_ratio: 1.3,
            no_speech_prob: 0.01,
          })),
          ...(granularities.includes('word') ? { words: options.segments.flatMap(spreadWords) } : {}),
          usage: { type: 'duration', seconds: Math.ceil(duration) },
        }),
      );
    });
    req.pipe(bb);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

function spreadWords(s: FakeSegment) {
  const tokens = s.text.split(/\s+/).filter(Boolean);
  const step = (s.endMs - s.startMs) / Math.max(1, tokens.length) / 1000;
  return tokens.map((word, i) => ({ word, start: s.startMs / 1000 + i * step, end: s.startMs / 1000 + (i + 1) * step }));
}
