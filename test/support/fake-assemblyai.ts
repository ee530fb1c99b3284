import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUtterance {
  speaker: string;
  text: string;
  startMs: number;
  endMs: number;
}

export interface FakeAssemblyAIOptions {
  apiKey?: string;
  utterances: FakeUtterance[];
  /** GETs of a transcript before it reports `completed` (queued, then processing). */
  pollsUntilDone?: number;
  audioDurationSeconds?: number;
  /** Finish with status `error` and this message instead. */
  failWith?: string;
}

export interface FakeAssemblyAI {
  url: string;
  /** Bodies of POST /v2/transcript, in order: each one is a paid submission. */
  submissions: Record<string, unknown>[];
  /** Byte counts of POST /v2/upload bodies. */
  uploads: number[];
  polls: number;
  /** Emits `submitted` (transcript id) when a submission has been accepted. */
  events: EventEmitter;
  close(): Promise<void>;
}

/**
 * A local server speaking AssemblyAI's v2 REST protocol (upload, submit, get), so the real SDK
 * runs against it: Authorization header checked, JSON bodies, transcript lifecycle
 * queued → processing → completed (or error), utterances and words with millisecond timings.
 */
export async function startFakeAssemblyAI(options: FakeAssemblyAIOptions): Promise<FakeAssemblyAI> {
  const apiKey = options.apiKey ?? 'test-key';
  const events = new EventEmitter();
  const submissions: Record<string, unknown>[] = [];
  const uploads: number[] = [];
  const transcripts = new Map<string, { polls: number; params: Record<string, unknown> }>();
  let polls = 0;
  let url = '';

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };

  const server: Server = createServer(async (req, res) => {
    if (req.headers.authorization !== apiKey) {
      send(res, 401, { error: 'Authentication error, API token missing/invalid' });
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'POST' && path === '/v2/upload') {
      const body = await readBody(req);
      uploads.push(body.length);
      send(res, 200, { upload_url: `${url}/uploads/${uploads.length}` });
      return;
    }
    if (req.method === 'POST' && path === '/v2/transcript') {
      const params = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, unknown>;
      if (typeof params.audio_url !== 'string') {
        send(res, 400, { error: 'audio_url is required' });
        return;
      }
      submissions.push(params);
      const id = `tr_${submissions.length}_${Math.random().toString(36).slice(2, 8)}`;
      transcripts.set(id, { polls: 0, params });
      events.emit('submitted', id);
      send(res, 200, { id, status: 'queued', audio_url: params.audio_url, speaker_labels: params.speaker_labels ?? false });
      return;
    }
    const m = /^\/v2\/transcript\/([\w-]+)$/.exec(path);
    if (req.method === 'GET' && m) {
      polls++;
      const t = transcripts.get(m[1]!);
      if (!t) {
        send(res, 404, { error: 'Transcript not found' });
        return;
      }
      t.polls++;
      const done = t.polls > (options.pollsUntilDone ?? 2);
      if (!done) {
        send(res, 200, { id: m[1], status: t.polls === 1 ? 'queued' : 'processing' });
        return;
      }
      if (options.failWith) {
        send(res, 200, { id: m[1], status: 'error', error: options.failWith });
        return;
      }
      send(res, 200, completedTranscript(m[1]!, t.params, options));
      return;
    }
    send(res, 404, { error: `no route ${req.method} ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    submissions,
    uploads,
    get polls() {
      return polls;
    },
    events,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

function completedTranscript(id: string, params: Record<string, unknown>, options: FakeAssemblyAIOptions) {
  const utterances = options.utterances.map((u) => ({
    speaker: u.speaker,
    text: u.text,
    start: u.startMs,
    end: u.endMs,
    confidence: 0.93,
    words: spreadWords(u),
  }));
  const words = utterances.flatMap((u) => u.words);
  return {
    id,
    status: 'completed',
    audio_url: params.audio_url,
    speaker_labels: params.speaker_labels ?? false,
    speech_model: 'universal',
    language_code: 'en_us',
    text: options.utterances.map((u) => u.text).join(' '),
    words,
    utterances: params.speaker_labels ? utterances : null,
    audio_duration: options.audioDurationSeconds ?? Math.ceil((options.utterances.at(-1)?.endMs ?? 0) / 1000),
    confidence: 0.93,
  };
}

/** Words spread evenly over the utterance, as the provider's word timings would be. */
function spreadWords(u: FakeUtterance) {
  const tokens = u.text.split(/\s+/).filter(Boolean);
  const step = (u.endMs - u.startMs) / Math.max(1, tokens.length);
  return tokens.map((text, i) => ({
    text,
    start: Math.round(u.startMs + i * step),
    end: Math.round(u.startMs + (i + 1) * step),
    confidence: 0.9,
    speaker: u.speaker,
  }));
}
