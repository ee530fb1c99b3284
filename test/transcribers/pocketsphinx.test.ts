import { basename, dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Usage } from '../../src/domain/analysis.js';
import { PermanentError } from '../../src/domain/errors.js';
import { LocalDirMediaStore } from '../../src/media/local-dir/local-dir-media-store.js';
import type { TranscriberContext } from '../../src/ports/transcriber.js';
import { PocketsphinxTranscriber } from '../../src/transcribers/pocketsphinx/pocketsphinx-transcriber.js';
import { normalizeWords, wordErrorRate } from '../support/wer.js';
import { loadCreativeTurns, synthesizeInterview, type SynthesizedInterview } from './support/synthesize-interview.js';

let interview: SynthesizedInterview;
let transcriber: PocketsphinxTranscriber;

function context(signal = new AbortController().signal) {
  const usage: Partial<Usage>[] = [];
  const progress: number[] = [];
  const ctx: TranscriberContext = {
    signal,
    recordUsage: (u) => usage.push(u),
    progress: async (p) => {
      progress.push(p);
    },
    checkpoint: { get: async () => ({}), set: async () => {} },
  };
  return { ctx, usage, progress };
}

beforeAll(async () => {
  interview = await synthesizeInterview(await loadCreativeTurns('creativity_0000', 5));
  transcriber = new PocketsphinxTranscriber({
    mediaStore: new LocalDirMediaStore(dirname(interview.wav)),
    download: { maxBytes: 50_000_000, timeoutMs: 10_000 },
  });
}, 60_000);

describe('pocketsphinx offline transcription of a synthesised two-voice interview', () => {
  it.each(['wav', 'mp3', 'mp4'] as const)('transcribes the %s with word timings and estimated speakers', async (format) => {
    const { ctx, usage, progress } = context();
    const result = await transcriber.transcribe({ kind: 'media', path: basename(interview[format]) }, ctx);
    const hypothesis = result.utterances.map((u) => u.text).join(' ');
    const wer = wordErrorRate(interview.referenceText, hypothesis);
    console.log(
      `[pocketsphinx ${format}] audio ${(interview.durationMs / 1000).toFixed(1)} s, WER ${(wer * 100).toFixed(1)}% ` +
        `(${normalizeWords(interview.referenceText).length} reference words), real-time factor ${result.realTimeFactor.toFixed(3)}, ` +
        `speakers by ${result.speakers.method}, ${result.utterances.length} turns`,
    );

    expect(result.provider).toBe('pocketsphinx');
    expect(result.timing).toBe('estimated');
    expect(Math.abs(result.durationMs! - interview.durationMs)).toBeLessThan(200);
    // recognition is poor on synthetic voices but far from random
    expect(wer).toBeLessThan(0.85);

    let previousEnd = 0;
    for (const u of result.utterances) {
      expect(u.speaker).toMatch(/^Speaker [12]$/);
      expect(u.startMs!).toBeGreaterThanOrEqual(previousEnd);
      expect(u.endMs!).toBeGreaterThan(u.startMs!);
      expect(u.endMs!).toBeLessThanOrEqual(result.durationMs!);
      expect(u.words!.length).toBeGreaterThan(0);
      for (const w of u.words!) {
        expect(w.startMs).toBeGreaterThanOrEqual(u.startMs!);
        expect(w.endMs).toBeLessThanOrEqual(u.endMs!);
      }
      previousEnd = u.endMs!;
    }

    // each synthesised turn is attributed to one estimated speaker, alternating as spoken
    expect(result.utterances.length).toBe(interview.turns.length);
    result.utterances.forEach((u, i) => {
      const turn = interview.turns[i]!;
      expect(u.speaker).toBe(turn.speaker === 'interviewer' ? 'Speaker 1' : 'Speaker 2');
      expect(u.startMs!).toBeGreaterThanOrEqual(turn.startMs - 300);
      expect(u.endMs!).toBeLessThanOrEqual(turn.endMs + 300);
    });

    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ model: 'pocketsphinx/en-us', costUsd: 0, details: { provider: 'pocketsphinx' } });
    expect((usage[0]!.details as { audioMinutes: number }).audioMinutes).toBeCloseTo(interview.durationMs / 60_000, 1);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('with noise removal off (clean audio), prints its WER too', async () => {
    const clean = new PocketsphinxTranscriber(
      { mediaStore: new LocalDirMediaStore(dirname(interview.wav)), download: { maxBytes: 50_000_000, timeoutMs: 10_000 } },
      { removeNoise: false },
    );
    const result = await clean.transcribe({ kind: 'media', path: basename(interview.wav) }, context().ctx);
    const wer = wordErrorRate(interview.referenceText, result.utterances.map((u) => u.text).join(' '));
    console.log(`[pocketsphinx wav, -remove_noise no] WER ${(wer * 100).toFixed(1)}%, real-time factor ${result.realTimeFactor.toFixed(3)}, ${result.utterances.length} turns`);
    expect(wer).toBeLessThan(0.85);
    expect(result.utterances.length).toBe(interview.turns.length);
  });

  it('stops the engine when the step is aborted', async () => {
    const controller = new AbortController();
    const { ctx } = context(controller.signal);
    setTimeout(() => controller.abort(new Error('worker shutting down')), 300);
    const started = Date.now();
    await expect(transcriber.transcribe({ kind: 'media', path: basename(interview.wav) }, ctx)).rejects.toThrow('worker shutting down');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('fails permanently when the stored file is not media', async () => {
    const { ctx } = context();
    await expect(transcriber.transcribe({ kind: 'media', path: 'manifest.json' }, ctx)).rejects.toThrow(PermanentError);
  });
});
