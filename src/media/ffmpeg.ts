import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { runTool, ToolFailedError } from './run-tool.js';
import { UnsupportedMediaError } from './media-errors.js';

const FfprobeOutput = z.object({
  streams: z
    .array(z.object({ codec_type: z.string().optional(), codec_name: z.string().optional(), duration: z.string().optional() }))
    .default([]),
  format: z.object({ format_name: z.string().optional(), duration: z.string().optional() }).default({}),
});

export interface MediaProbe {
  /** Duration the container declares, in ms (0 when unknown). */
  durationMs: number;
  hasAudio: boolean;
  hasVideo: boolean;
  formatName: string | undefined;
  audioCodec: string | undefined;
}

/** Reads container metadata with ffprobe. Files ffprobe cannot open are not media. */
export async function probeMedia(path: string, signal?: AbortSignal): Promise<MediaProbe> {
  let stdout: string;
  try {
    ({ stdout } = await runTool(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=format_name,duration:stream=codec_type,codec_name,duration', '-of', 'json', path],
      { signal },
    ));
  } catch (err) {
    if (err instanceof ToolFailedError) throw new UnsupportedMediaError(`cannot read the media file: ${lastLine(err.stderr, path)}`);
    throw err;
  }
  const parsed = FfprobeOutput.parse(JSON.parse(stdout));
  const audio = parsed.streams.find((s) => s.codec_type === 'audio');
  const seconds = Number(parsed.format.duration ?? audio?.duration ?? 0);
  return {
    durationMs: Number.isFinite(seconds) ? Math.round(seconds * 1000) : 0,
    hasAudio: audio !== undefined,
    hasVideo: parsed.streams.some((s) => s.codec_type === 'video' && s.codec_name !== 'png' && s.codec_name !== 'mjpeg'),
    formatName: parsed.format.format_name,
    audioCodec: audio?.codec_name,
  };
}

/** The duration in ms, as the container declares it. */
export async function probeDuration(path: string, signal?: AbortSignal): Promise<number> {
  return (await probeMedia(path, signal)).durationMs;
}

/**
 * How much audio the file really holds: demuxes every packet of the first audio stream (no
 * decoding, so it is fast) and reports the last timestamp. MP3 headers declare the full length
 * even when the file was cut short; comparing both catches truncated uploads.
 */
export async function measureAudioDurationMs(path: string, signal?: AbortSignal): Promise<number> {
  const { stdout } = await runTool(
    'ffmpeg',
    ['-nostdin', '-v', 'error', '-i', path, '-map', '0:a:0', '-c', 'copy', '-f', 'null', '-progress', 'pipe:1', '-'],
    { signal },
  );
  const matches = [...stdout.matchAll(/^out_time_us=(\d+)$/gm)];
  const last = matches.at(-1)?.[1];
  return last ? Math.round(Number(last) / 1000) : 0;
}

export interface NormalizedAudio {
  /** 16 kHz mono signed 16-bit PCM WAV. */
  path: string;
  durationMs: number;
}

/**
 * Converts any audio/video file to 16 kHz mono 16-bit WAV, the input speech engines expect.
 * Video streams are dropped. Writes into `outDir` (a fresh temp dir by default); the caller
 * removes it.
 */
export async function normalizeAudio(
  inputPath: string,
  options: { outDir?: string; signal?: AbortSignal | undefined } = {},
): Promise<NormalizedAudio> {
  const ownDir = options.outDir === undefined;
  const outDir = options.outDir ?? (await mkdtemp(join(tmpdir(), 'iflow-norm-')));
  const out = join(outDir, 'audio-16k-mono.wav');
  try {
    await runTool(
      'ffmpeg',
      ['-nostdin', '-v', 'error', '-y', '-i', inputPath, '-map', '0:a:0', '-vn', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', '-f', 'wav', out],
      { signal: options.signal },
    );
  } catch (err) {
    if (ownDir) await rm(outDir, { recursive: true, force: true });
    if (err instanceof ToolFailedError) throw new UnsupportedMediaError(`cannot decode the audio: ${lastLine(err.stderr, inputPath)}`);
    throw err;
  }
  return { path: out, durationMs: await probeDuration(out, options.signal) };
}

/** The tool's last stderr line without our temp path in it (messages reach API callers). */
function lastLine(stderr: string, path: string): string {
  const line = stderr.trim().split('\n').pop()?.trim() || 'unreadable';
  return line.split(`${path}: `).join('').split(path).join('the file');
}
