import { openAsBlob } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermanentError, RetryLaterError } from '../../domain/errors.js';
import type { ParsedUtterance, Word } from '../../domain/transcript.js';
import { normalizeAudio } from '../../media/ffmpeg.js';
import { runTool } from '../../media/run-tool.js';
import type { InterviewSource, Transcriber, TranscriberContext, TranscriptionResult } from '../../ports/transcriber.js';
import { withLocalMedia, type MediaAccess } from '../media-input.js';
import { medianPitchHz } from '../pitch.js';
import { estimateTurns, type TimedSegment } from '../turns.js';
import { transcriptionUsage } from '../usage.js';
import { OpenAITranscriptionResponse } from './openai-response.js';

export interface OpenAIOptions {
  /** API root including the version, e.g. https://api.openai.com/v1 or http://whisper:8080/v1. */
  baseUrl: string;
  apiKey?: string | undefined;
  model: string;
  language?: string | undefined;
  /** `diarized_json` for models that label speakers (e.g. gpt-4o-transcribe-diarize). */
  responseFormat?: 'verbose_json' | 'diarized_json' | undefined;
  /** What to send: 16 kHz mono MP3 (small, default) or WAV (for servers without a decoder). */
  uploadFormat?: 'mp3' | 'wav' | undefined;
  timeoutMs?: number | undefined;
  /** Price used for the recorded cost (USD per audio minute); whisper-1 lists 0.006. */
  costPerMinuteUsd?: number | undefined;
  turnGapMs?: number | undefined;
}

/**
 * Any OpenAI-compatible `/audio/transcriptions` endpoint (OpenAI, whisper.cpp server,
 * faster-whisper servers): one multipart POST, segments (and words when offered) with timings.
 * The request is synchronous, so its result is kept in the step checkpoint: a retry after a
 * later failure does not pay for the same audio again. Without provider speakers, turns are
 * estimated like the offline engine's (pitch, then pauses) and the timing is marked estimated.
 */
export class OpenAITranscriber implements Transcriber {
  readonly name = 'openai';

  constructor(
    private readonly access: MediaAccess,
    private readonly options: OpenAIOptions,
  ) {}

  async transcribe(source: InterviewSource, ctx: TranscriberContext): Promise<TranscriptionResult> {
    const saved = await ctx.checkpoint.get();
    if (saved.provider === 'openai' && isResult(saved.result)) {
      await ctx.progress(90, 'reusing the transcription saved by an earlier attempt');
      return saved.result;
    }
    const result = await withLocalMedia(source, this.access, ctx.signal, async ({ path }) => {
      const work = await mkdtemp(join(tmpdir(), 'iflow-oai-'));
      try {
        await ctx.progress(5, 'normalising audio');
        const wav = await normalizeAudio(path, { outDir: work, signal: ctx.signal });
        const upload = this.options.uploadFormat === 'wav' ? wav.path : await toMp3(wav.path, work, ctx.signal);
        await ctx.progress(15, `sending ${(wav.durationMs / 1000).toFixed(0)} s of audio to ${new URL(this.options.baseUrl).host}`);
        const response = await this.post(upload, ctx.signal);
        const durationMs = Math.round((response.duration ?? wav.durationMs / 1000) * 1000);
        const segments = toSegments(response, durationMs);
        if (segments.length === 0) throw new PermanentError('the transcription service found no speech in the recording');
        const diarised = segments.every((s) => s.speaker);
        let utterances: ParsedUtterance[];
        if (diarised) {
          utterances = mergeBySpeaker(segments);
        } else {
          const pitches = await medianPitchHz(wav.path, segments);
          utterances = estimateTurns(
            segments.map((s, i) => ({ ...s, pitchHz: pitches[i] })),
            { turnGapMs: this.options.turnGapMs ?? 800 },
          ).utterances;
        }
        ctx.recordUsage(
          transcriptionUsage({
            provider: 'openai',
            model: this.options.model,
            durationMs,
            costUsd: (durationMs / 60_000) * (this.options.costPerMinuteUsd ?? 0.006),
          }),
        );
        const out: TranscriptionResult = { utterances, timing: diarised ? 'provided' : 'estimated', durationMs, provider: this.name };
        return out;
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    });
    await ctx.checkpoint.set({ provider: 'openai', result });
    return result;
  }

  private async post(file: string, signal: AbortSignal): Promise<OpenAITranscriptionResponse> {
    const form = new FormData();
    const type = file.endsWith('.mp3') ? 'audio/mpeg' : 'audio/wav';
    // a file-backed Blob: streamed from disk by fetch, not read into memory
    form.append('file', await openAsBlob(file, { type }), file.endsWith('.mp3') ? 'audio.mp3' : 'audio.wav');
    form.append('model', this.options.model);
    const format = this.options.responseFormat ?? 'verbose_json';
    form.append('response_format', format);
    if (format === 'verbose_json') {
      form.append('timestamp_granularities[]', 'segment');
      form.append('timestamp_granularities[]', 'word');
    } else {
      form.append('chunking_strategy', 'auto');
    }
    if (this.options.language) form.append('language', this.options.language);

    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/audio/transcriptions`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 15 * 60 * 1000);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        body: form,
        headers: this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {},
        signal: AbortSignal.any([signal, timeout]),
      });
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      if (timeout.aborted) throw new Error(`transcription request to ${url} timed out`);
      throw new Error(`transcription request to ${url} failed: ${(err as Error).message}`, { cause: err });
    }
    const text = await res.text();
    if (!res.ok) throw httpError(res, text);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PermanentError(`the transcription service did not answer JSON (is response_format ${format} supported?): ${text.slice(0, 200)}`);
    }
    const parsed = OpenAITranscriptionResponse.safeParse(json);
    if (!parsed.success) throw new PermanentError(`unexpected transcription response: ${parsed.error.message.slice(0, 300)}`);
    return parsed.data;
  }
}

async function toMp3(wav: string, dir: string, signal: AbortSignal): Promise<string> {
  const out = join(dir, 'audio.mp3');
  await runTool('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', wav, '-c:a', 'libmp3lame', '-b:a', '32k', '-ac', '1', '-ar', '16000', out], { signal });
  return out;
}

function httpError(res: Response, body: string): Error {
  let message = body.slice(0, 300);
  try {
    const j = JSON.parse(body) as { error?: { message?: string } | string };
    message = typeof j.error === 'string' ? j.error : (j.error?.message ?? message);
  } catch {
    /* not JSON */
  }
  const text = `transcription service answered HTTP ${res.status}: ${message}`;
  if (res.status === 429) {
    const seconds = Number(res.headers.get('retry-after'));
    return new RetryLaterError(text, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30_000);
  }
  if (res.status >= 400 && res.status < 500 && res.status !== 408) return new PermanentError(text);
  return new Error(text);
}

type Segment = TimedSegment & { speaker?: string | undefined };

function toSegments(response: OpenAITranscriptionResponse, durationMs: number): Segment[] {
  const ms = (s: number) => Math.min(durationMs, Math.max(0, Math.round(s * 1000)));
  const words: Word[] = response.words
    .map((w) => ({ text: w.word.trim(), startMs: ms(w.start), endMs: ms(w.end) }))
    .filter((w) => w.text.length > 0);
  const segments = response.segments
    .map((s) => ({ startMs: ms(s.start), endMs: Math.max(ms(s.start), ms(s.end)), text: s.text.trim(), speaker: s.speaker }))
    .filter((s) => s.text.length > 0);
  if (segments.length === 0 && response.text.trim()) {
    segments.push({ startMs: 0, endMs: durationMs, text: response.text.trim(), speaker: undefined });
  }
  return segments.map((s, i) => {
    // a word belongs to the segment in which it starts
    const next = segments[i + 1]?.startMs ?? Number.POSITIVE_INFINITY;
    const own = words.filter((w) => w.startMs >= s.startMs && w.startMs < next).map((w) => ({ ...w, endMs: Math.max(w.startMs, w.endMs) }));
    return { ...s, ...(own.length > 0 ? { words: own } : {}) };
  });
}

function mergeBySpeaker(segments: Segment[]): ParsedUtterance[] {
  const out: ParsedUtterance[] = [];
  for (const s of segments) {
    const speaker = /^speaker/i.test(s.speaker!) ? s.speaker! : `Speaker ${s.speaker}`;
    const last = out.at(-1);
    if (last && last.speaker === speaker) {
      last.text = `${last.text} ${s.text}`;
      last.endMs = s.endMs;
      if (s.words) last.words = [...(last.words ?? []), ...s.words];
    } else {
      out.push({ speaker, text: s.text, startMs: s.startMs, endMs: s.endMs, ...(s.words ? { words: [...s.words] } : {}) });
    }
  }
  return out;
}

function isResult(value: unknown): value is TranscriptionResult {
  return typeof value === 'object' && value !== null && Array.isArray((value as TranscriptionResult).utterances);
}
