import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PermanentError, RetryLaterError } from '../../src/domain/errors.js';
import { AssemblyAITranscriber, type AssemblyAIOptions } from '../../src/transcribers/assemblyai/assemblyai-transcriber.js';
import { startFakeAssemblyAI, type FakeAssemblyAI, type FakeAssemblyAIOptions } from '../support/fake-assemblyai.js';
import { testContext } from './support/context.js';
import { useSynthesizedInterview } from './support/media-fixture.js';

const fixture = useSynthesizedInterview<FakeAssemblyAI>();

async function setup(fakeOptions: Partial<FakeAssemblyAIOptions> = {}, options: Partial<AssemblyAIOptions> = {}) {
  const fake = await startFakeAssemblyAI({
    utterances: fixture.interview.turns.map((t) => ({ speaker: t.speaker === 'interviewer' ? 'A' : 'B', text: t.text, startMs: t.startMs, endMs: t.endMs })),
    ...fakeOptions,
  });
  const transcriber = new AssemblyAITranscriber(fixture.access, { apiKey: 'test-key', baseUrl: fake.url, pollIntervalMs: 20, costPerHourUsd: 0.36, ...options });
  fixture.fake = fake;
  return { fake, transcriber };
}

const media = () => ({ kind: 'media' as const, path: basename(fixture.interview.wav) });

describe('AssemblyAI adapter against a local server speaking its protocol', () => {
  it('uploads, submits with speaker labels, polls and returns utterances with ms timings and words', async () => {
    const { fake, transcriber } = await setup();
    const { ctx, usage, checkpoint } = testContext();
    const result = await transcriber.transcribe(media(), ctx);

    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0]).toBeGreaterThan(100_000); // the WAV itself, streamed from the store
    expect(fake.submissions).toHaveLength(1);
    expect(fake.submissions[0]).toMatchObject({ speaker_labels: true, audio_url: `${fake.url}/uploads/1` });
    expect(checkpoint).toMatchObject({ provider: 'assemblyai', transcriptId: expect.stringMatching(/^tr_1_/) });

    expect(result.provider).toBe('assemblyai');
    expect(result.timing).toBe('provided');
    expect(result.utterances.map((u) => u.speaker)).toEqual(['Speaker A', 'Speaker B', 'Speaker A', 'Speaker B', 'Speaker A']);
    result.utterances.forEach((u, i) => {
      expect(u.text).toBe(fixture.interview.turns[i]!.text);
      expect(u.startMs).toBe(fixture.interview.turns[i]!.startMs);
      expect(u.endMs).toBe(fixture.interview.turns[i]!.endMs);
      expect(u.words!.length).toBe(u.text.split(/\s+/).length);
      expect(u.words![0]!.startMs).toBe(u.startMs);
    });
    expect(usage).toHaveLength(1);
    const minutes = Math.ceil(fixture.interview.durationMs / 1000) / 60;
    expect(usage[0]).toMatchObject({ model: 'assemblyai/universal', details: { provider: 'assemblyai' } });
    expect(usage[0]!.costUsd).toBeCloseTo((minutes / 60) * 0.36, 5);
  });

  it('a worker killed right after submission does not submit a second paid transcription', async () => {
    const { fake, transcriber } = await setup({ pollsUntilDone: 3 });
    const checkpoint: Record<string, unknown> = {};

    // attempt 1: "killed" the moment AssemblyAI accepted the submission
    const controller = new AbortController();
    fake.events.once('submitted', () => controller.abort(new Error('worker killed')));
    const first = testContext({ signal: controller.signal, checkpoint });
    await expect(transcriber.transcribe(media(), first.ctx)).rejects.toThrow('worker killed');
    expect(fake.submissions).toHaveLength(1);
    expect(checkpoint.transcriptId).toMatch(/^tr_1_/);

    // attempt 2 (retry / re-delivered job) with the same durable checkpoint: polls, no new submission
    const second = testContext({ checkpoint });
    const result = await transcriber.transcribe(media(), second.ctx);
    expect(result.utterances).toHaveLength(fixture.interview.turns.length);
    expect(fake.submissions).toHaveLength(1);
    expect(fake.uploads).toHaveLength(1);
    expect(second.progress.some((p) => /resuming AssemblyAI transcript tr_1_/.test(p.line))).toBe(true);
  });

  it('with inProcessWaitMs the wait becomes delayed re-checks (RetryLaterError), still one submission', async () => {
    const { fake, transcriber } = await setup({ pollsUntilDone: 3 }, { inProcessWaitMs: 0, recheckDelayMs: 5000 });
    const checkpoint: Record<string, unknown> = {};
    const delays: number[] = [];
    let result;
    for (let attempt = 0; attempt < 10 && !result; attempt++) {
      try {
        result = await transcriber.transcribe(media(), testContext({ checkpoint }).ctx);
      } catch (err) {
        expect(err).toBeInstanceOf(RetryLaterError);
        expect((err as Error).message).toMatch(/^AssemblyAI transcript tr_1_\w+ is (queued|processing)$/);
        delays.push((err as RetryLaterError).retryAfterMs);
      }
    }
    expect(result?.utterances).toHaveLength(fixture.interview.turns.length);
    expect(delays).toEqual([5000, 5000, 5000]);
    expect(fake.submissions).toHaveLength(1);
    expect(fake.uploads).toHaveLength(1);
    expect(checkpoint.submittedAt).toEqual(expect.any(Number));
  });

  it('hands a public media URL to AssemblyAI without uploading', async () => {
    const { fake, transcriber } = await setup();
    const { ctx } = testContext();
    await transcriber.transcribe({ kind: 'url', url: 'https://93.184.215.14/fixture.interview.mp3' }, ctx);
    expect(fake.uploads).toHaveLength(0);
    expect(fake.submissions[0]).toMatchObject({ audio_url: 'https://93.184.215.14/fixture.interview.mp3', speaker_labels: true });
  });

  it('refuses a private media URL before submitting', async () => {
    const { fake, transcriber } = await setup();
    const { ctx } = testContext();
    await expect(transcriber.transcribe({ kind: 'url', url: 'http://169.254.169.254/latest/meta-data/' }, ctx)).rejects.toThrow(
      /cloud metadata service address/,
    );
    expect(fake.submissions).toHaveLength(0);
  });

  it('a transcript that fails at AssemblyAI is a permanent error with its reason', async () => {
    const { transcriber } = await setup({ failWith: 'Transcoding failed. File does not appear to contain audio.' });
    const { ctx } = testContext();
    const err = await transcriber.transcribe(media(), ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/AssemblyAI could not transcribe the recording: Transcoding failed/);
  });

  it('a wrong API key is a permanent error', async () => {
    const { fake, transcriber } = await setup({}, { apiKey: 'wrong' });
    const { ctx } = testContext();
    const err = await transcriber.transcribe(media(), ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/Authentication error/);
    expect(fake.submissions).toHaveLength(0);
  });
});
