import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PermanentError } from '../../domain/errors.js';
import { normalizeAudio } from '../../media/ffmpeg.js';
import { runTool } from '../../media/run-tool.js';
import type { InterviewSource, Transcriber, TranscriberContext, TranscriptionResult } from '../../ports/transcriber.js';
import { withLocalMedia, type MediaAccess } from '../media-input.js';
import { medianPitchHz } from '../pitch.js';
import { estimateTurns } from '../turns.js';
import { transcriptionUsage } from '../usage.js';
import { parsePocketsphinxJson, parsePocketsphinxOutput, type SpeechSegment } from './parse-pocketsphinx-output.js';

export interface PocketsphinxOptions {
  /** The CLI from Debian's `pocketsphinx` package. */
  command?: string | undefined;
  /** Model files from Debian's `pocketsphinx-en-us` package. */
  modelDir?: string | undefined;
  /** Pause that ends a turn when voices cannot be told apart by pitch. */
  turnGapMs?: number | undefined;
  /**
   * pocketsphinx's spectral noise removal (engine default: on). Off recognised clean synthetic
   * speech better (WER 0.69 -> 0.44 on the test interview); keep it on for real, noisy rooms.
   */
  removeNoise?: boolean | undefined;
}

export const DEFAULT_POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

/** Result of the offline engine: timings are measured, speakers estimated (and say how). */
export interface PocketsphinxResult extends TranscriptionResult {
  speakers: { estimated: true; method: 'pitch' | 'pauses' };
  /** Seconds of processing per second of audio. */
  realTimeFactor: number;
}

/**
 * Offline transcription, no network and no key: ffmpeg normalises the recording to 16 kHz mono
 * WAV, pocketsphinx (Debian 12's 5prealpha `pocketsphinx_continuous`, or PocketSphinx 5's
 * `pocketsphinx live`) gives words with timings, and speakers are estimated from voice pitch or pauses (labelled `Speaker N`, result
 * timing `estimated`). Accuracy is modest; it is the default so the pipeline runs anywhere.
 */
export class PocketsphinxTranscriber implements Transcriber {
  readonly name = 'pocketsphinx';
  private readonly command: string | undefined;
  private readonly modelDir: string;
  private readonly modelDirConfigured: boolean;
  private readonly removeNoise: boolean;
  private readonly turnGapMs: number;

  constructor(
    private readonly access: MediaAccess,
    options: PocketsphinxOptions = {},
  ) {
    this.command = options.command;
    this.modelDir = options.modelDir ?? DEFAULT_POCKETSPHINX_MODEL_DIR;
    this.modelDirConfigured = options.modelDir !== undefined;
    this.removeNoise = options.removeNoise ?? true;
    this.turnGapMs = options.turnGapMs ?? 800;
  }

  transcribe(source: InterviewSource, ctx: TranscriberContext): Promise<PocketsphinxResult> {
    return withLocalMedia(source, this.access, ctx.signal, async ({ path }) => {
      const work = await mkdtemp(join(tmpdir(), 'iflow-ps-'));
      try {
        const started = performance.now();
        await ctx.progress(5, 'normalising audio to 16 kHz mono WAV');
        const wav = await normalizeAudio(path, { outDir: work, signal: ctx.signal });
        await ctx.progress(15, `recognising ${(wav.durationMs / 1000).toFixed(0)} s of speech offline (pocketsphinx)`);
        const speech = await this.recognise(wav.path, ctx, wav.durationMs);
        const segments = speech.map((s) => ({
          ...s,
          endMs: Math.min(s.endMs, wav.durationMs),
          words: s.words.map((w) => ({ ...w, startMs: Math.min(w.startMs, wav.durationMs), endMs: Math.min(w.endMs, wav.durationMs) })),
          text: s.words.map((w) => w.text).join(' '),
        }));
        await ctx.progress(85, `estimating speakers for ${segments.length} speech segments`);
        const pitches = await medianPitchHz(wav.path, segments);
        const turns = estimateTurns(
          segments.map((s, i) => ({ ...s, pitchHz: pitches[i] })),
          { turnGapMs: this.turnGapMs },
        );
        const seconds = (performance.now() - started) / 1000;
        ctx.recordUsage(transcriptionUsage({ provider: 'pocketsphinx', model: 'en-us', durationMs: wav.durationMs, costUsd: 0 }));
        return {
          utterances: turns.utterances,
          timing: 'estimated',
          durationMs: wav.durationMs,
          provider: this.name,
          speakers: { estimated: true, method: turns.method },
          realTimeFactor: wav.durationMs > 0 ? seconds / (wav.durationMs / 1000) : 0,
        };
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    });
  }

  /**
   * Runs the recogniser. Debian 12 ships 5prealpha (`pocketsphinx_continuous -time yes`, text
   * output); PocketSphinx 5 (Debian 13) has `pocketsphinx live FILE` with JSON lines. Without a
   * configured command the old CLI is tried first, then the new one.
   */
  private async recognise(wav: string, ctx: TranscriberContext, durationMs: number): Promise<SpeechSegment[]> {
    const onStdout = this.progressReporter(ctx, durationMs);
    const tuning = this.removeNoise ? [] : ['-remove_noise', 'no'];
    const modelArgs = ['-hmm', join(this.modelDir, 'en-us'), '-lm', join(this.modelDir, 'en-us.lm.bin'), '-dict', join(this.modelDir, 'cmudict-en-us.dict')];
    const runJsonCli = async (command: string) => {
      const { stdout } = await runTool(command, [...(this.modelDirConfigured ? modelArgs : []), ...tuning, 'live', wav], { signal: ctx.signal, onStdout });
      return parsePocketsphinxJson(stdout);
    };
    if (this.command && basename(this.command) === 'pocketsphinx') return runJsonCli(this.command);
    try {
      const { stdout } = await runTool(this.command ?? 'pocketsphinx_continuous', ['-infile', wav, '-time', 'yes', '-logfn', '/dev/null', ...modelArgs, ...tuning], {
        signal: ctx.signal,
        onStdout,
      });
      return parsePocketsphinxOutput(stdout);
    } catch (err) {
      if (this.command || !(err instanceof PermanentError) || !/not installed/.test(err.message)) throw err;
      return runJsonCli('pocketsphinx');
    }
  }

  /** Turns the word timestamps pocketsphinx prints into step progress, at most every 5 s. */
  private progressReporter(ctx: TranscriberContext, durationMs: number): (chunk: string) => void {
    let lastReport = Date.now();
    return (chunk) => {
      const match = [...chunk.matchAll(/ (\d+\.\d+) \S+$|"b":(\d+\.\d+)/gm)].at(-1);
      const last = match?.[1] ?? match?.[2];
      if (!last || durationMs <= 0 || Date.now() - lastReport < 5000) return;
      lastReport = Date.now();
      const heardMs = Number(last) * 1000;
      const percent = 15 + Math.round(Math.min(1, heardMs / durationMs) * 70);
      ctx.progress(percent, `recognised ${Math.round(heardMs / 1000)} of ${Math.round(durationMs / 1000)} s`).catch(() => {});
    };
  }
}
