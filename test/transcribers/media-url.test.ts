import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/domain/errors.js';
import { LocalDirMediaStore } from '../../src/media/local-dir/local-dir-media-store.js';
import { loadConfig } from '../../src/config/index.js';
import { createTranscriber } from '../../src/transcribers/index.js';
import { buildTranscriber } from '../../src/transcribers/registry.js';
import { transcriberConfigFromEnv } from '../../src/transcribers/transcriber-config.js';
import { testContext } from './support/context.js';
import { loadCreativeTurns, synthesizeInterview, type SynthesizedInterview } from './support/synthesize-interview.js';

let interview: SynthesizedInterview;
let server: Server;
let base: string;
let served = 0;

beforeAll(async () => {
  interview = await synthesizeInterview(await loadCreativeTurns('creativity_0000', 5));
  // a real media server on loopback, named like a PDF to show that the bytes decide
  server = createServer(async (req, res) => {
    if (req.url === '/recordings/interview.pdf') {
      served++;
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': (await stat(interview.mp3)).size });
      createReadStream(interview.mp3).pipe(res);
    } else if (req.url === '/not-media') {
      res.writeHead(200, { 'content-type': 'audio/mpeg' });
      res.end('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const store = () => new LocalDirMediaStore(dirname(interview.wav));

describe('media URL fetched safely and transcribed offline', () => {
  it('fetches from the loopback media server only with the explicit test setting, then transcribes it', async () => {
    const transcriber = buildTranscriber(transcriberConfigFromEnv('auto', {}), {
      mediaStore: store(),
      download: { maxBytes: 20_000_000, timeoutMs: 10_000, allowLoopback: true },
    });
    expect(transcriber.name).toBe('pocketsphinx');
    const { ctx } = testContext();
    const result = await transcriber.transcribe({ kind: 'url', url: `${base}/recordings/interview.pdf` }, ctx);
    expect(served).toBe(1);
    expect(result.utterances.length).toBeGreaterThanOrEqual(2);
    expect(Math.abs(result.durationMs! - interview.durationMs)).toBeLessThan(300);
    expect(result.utterances.at(-1)!.endMs!).toBeLessThanOrEqual(result.durationMs!);
  }, 180_000); // pocketsphinx decodes on the CPU: 15-30 s idle, over 60 s under load

  it('refuses the same URL without the setting (loopback), before any request', async () => {
    const before = served;
    const transcriber = buildTranscriber({ provider: 'pocketsphinx' }, { mediaStore: store(), download: { maxBytes: 20_000_000, timeoutMs: 10_000 } });
    const err = await transcriber.transcribe({ kind: 'url', url: `${base}/recordings/interview.pdf` }, testContext().ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/media download refused: the media URL points to a loopback address 127\.0\.0\.1/);
    expect(served).toBe(before);
  });

  it('a fetched file that is not media fails the step permanently, whatever its Content-Type says', async () => {
    const transcriber = buildTranscriber({ provider: 'pocketsphinx' }, { mediaStore: store(), download: { maxBytes: 1_000_000, timeoutMs: 5000, allowLoopback: true } });
    const err = await transcriber.transcribe({ kind: 'url', url: `${base}/not-media` }, testContext().ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toBe('the file is not audio or video: its content is application/pdf (.pdf)');
  });
});

describe('transcriber configuration from the environment', () => {
  it('auto picks AssemblyAI with a key, an OpenAI-compatible server when configured, else pocketsphinx', () => {
    expect(transcriberConfigFromEnv('auto', {})).toEqual({ provider: 'pocketsphinx' });
    expect(transcriberConfigFromEnv('auto', { ASSEMBLYAI_API_KEY: 'k', ASSEMBLYAI_BASE_URL: 'https://api.eu.assemblyai.com' })).toEqual({
      provider: 'assemblyai',
      apiKey: 'k',
      baseUrl: 'https://api.eu.assemblyai.com',
    });
    expect(transcriberConfigFromEnv('auto', { OPENAI_TRANSCRIBE_BASE_URL: 'http://whisper:8080/v1' })).toEqual({
      provider: 'openai',
      baseUrl: 'http://whisper:8080/v1',
      model: 'whisper-1',
    });
    // an LLM key alone does not switch transcription to a paid service
    expect(transcriberConfigFromEnv('auto', { OPENAI_API_KEY: 'sk' }).provider).toBe('pocketsphinx');
  });

  it('createTranscriber(config) follows TRANSCRIBER and the provider variables', async () => {
    expect((await createTranscriber(loadConfig({}))).name).toBe('pocketsphinx');
    expect((await createTranscriber(loadConfig({ TRANSCRIBER: 'auto', ASSEMBLYAI_API_KEY: 'k' }))).name).toBe('assemblyai');
    expect((await createTranscriber(loadConfig({ TRANSCRIBER: 'openai', OPENAI_API_KEY: 'sk' }))).name).toBe('openai');
    await expect(createTranscriber(loadConfig({ TRANSCRIBER: 'assemblyai' }))).rejects.toThrow(/apiKey/);
  });

  it('names the bad variable', () => {
    expect(() => transcriberConfigFromEnv('assemblyai', {})).toThrow(/invalid assemblyai transcriber configuration: apiKey/);
    expect(() => transcriberConfigFromEnv('openai', { OPENAI_TRANSCRIBE_UPLOAD_FORMAT: 'flac' })).toThrow(/uploadFormat/);
  });
});
