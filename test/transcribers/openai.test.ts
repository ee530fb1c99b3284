import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PermanentError, RetryLaterError } from '../../src/domain/errors.js';
import { OpenAITranscriber, type OpenAIOptions } from '../../src/transcribers/openai/openai-transcriber.js';
import { startFakeOpenAIAudio, type FakeOpenAIAudio, type FakeOpenAIAudioOptions } from '../support/fake-openai-audio.js';
import { testContext } from './support/context.js';
import { useSynthesizedInterview } from './support/media-fixture.js';

const fixture = useSynthesizedInterview<FakeOpenAIAudio>();

async function setup(fakeOptions: Partial<FakeOpenAIAudioOptions> = {}, options: Partial<OpenAIOptions> = {}) {
  const fake = await startFakeOpenAIAudio({
    segments: fixture.interview.turns.map((t) => ({ text: t.text, startMs: t.startMs, endMs: t.endMs, speaker: t.speaker === 'interviewer' ? 'A' : 'B' })),
    durationSeconds: fixture.interview.durationMs / 1000,
    ...fakeOptions,
  });
  const transcriber = new OpenAITranscriber(fixture.access, { baseUrl: fake.baseUrl, apiKey: 'sk-test', model: 'whisper-1', ...options });
  fixture.fake = fake;
  return { fake, transcriber };
}

const media = (format: 'wav' | 'mp4' = 'mp4') => ({ kind: 'media' as const, path: basename(fixture.interview[format]) });

describe('OpenAI-compatible transcription endpoint', () => {
  it('posts multipart verbose_json with word timestamps and builds timed turns (speakers estimated)', async () => {
    const { fake, transcriber } = await setup();
    const { ctx, usage, checkpoint } = testContext();
    const result = await transcriber.transcribe(media('mp4'), ctx);

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request.fields).toMatchObject({ model: ['whisper-1'], response_format: ['verbose_json'], 'timestamp_granularities[]': ['segment', 'word'] });
    expect(request.fileName).toBe('audio.mp3');
    expect(request.fileType).toBe('audio/mpeg');
    // an MP3 frame or ID3 tag, not the MP4 container that was stored
    expect(request.fileHead.subarray(0, 3).toString('latin1') === 'ID3' || request.fileHead[0] === 0xff).toBe(true);

    expect(result.timing).toBe('estimated');
    expect(result.provider).toBe('openai');
    expect(result.utterances.map((u) => u.text)).toEqual(fixture.interview.turns.map((t) => t.text));
    expect(result.utterances.map((u) => u.speaker)).toEqual(['Speaker 1', 'Speaker 2', 'Speaker 1', 'Speaker 2', 'Speaker 1']);
    result.utterances.forEach((u, i) => {
      expect(u.startMs).toBe(fixture.interview.turns[i]!.startMs);
      expect(u.endMs).toBe(fixture.interview.turns[i]!.endMs);
      expect(u.words!.map((w) => w.text).join(' ')).toBe(u.text);
    });
    expect(usage[0]).toMatchObject({ model: 'openai/whisper-1', details: { provider: 'openai' } });
    expect(usage[0]!.costUsd).toBeCloseTo((fixture.interview.durationMs / 60_000) * 0.006, 5);
    expect(checkpoint).toMatchObject({ provider: 'openai' });
  });

  it('uses provider speakers from diarized_json', async () => {
    const { fake, transcriber } = await setup({}, { model: 'gpt-4o-transcribe-diarize', responseFormat: 'diarized_json', uploadFormat: 'wav' });
    const { ctx } = testContext();
    const result = await transcriber.transcribe(media('wav'), ctx);
    expect(fake.requests[0]!.fields).toMatchObject({ response_format: ['diarized_json'], chunking_strategy: ['auto'] });
    expect(fake.requests[0]!.fileHead.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(result.timing).toBe('provided');
    expect(result.utterances.map((u) => u.speaker)).toEqual(['Speaker A', 'Speaker B', 'Speaker A', 'Speaker B', 'Speaker A']);
  });

  it('a retry after a later failure reuses the saved result instead of paying again', async () => {
    const { fake, transcriber } = await setup();
    const checkpoint: Record<string, unknown> = {};
    const first = await transcriber.transcribe(media('wav'), testContext({ checkpoint }).ctx);
    const second = await transcriber.transcribe(media('wav'), testContext({ checkpoint }).ctx);
    expect(second).toEqual(first);
    expect(fake.requests).toHaveLength(1);
  });

  it('429 becomes RetryLaterError with the Retry-After delay', async () => {
    const { transcriber } = await setup({ rateLimitFirst: { count: 1, retryAfterSeconds: 7 } });
    const err = await transcriber.transcribe(media('wav'), testContext().ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).retryAfterMs).toBe(7000);
  });

  it('a wrong key is a permanent error carrying the provider message', async () => {
    const { transcriber } = await setup({}, { apiKey: 'sk-wrong' });
    const err = await transcriber.transcribe(media('wav'), testContext().ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toBe('transcription service answered HTTP 401: Incorrect API key provided.');
  });
});
