import { stat } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { measureAudioDurationMs, probeMedia } from './ffmpeg.js';
import { UnsupportedMediaError } from './media-errors.js';

export interface DetectedMedia {
  mimeType: string;
  ext: string;
  kind: 'audio' | 'video';
  /** Declared duration in ms. */
  durationMs: number;
  bytes: number;
}

/** Containers file-type reports under application/* that carry audio or video. */
const MEDIA_APPLICATION_TYPES = new Set(['application/ogg', 'application/mp4', 'application/x-matroska']);

/** Below this much real audio a file is not an interview (and usually a broken upload). */
const MIN_AUDIO_MS = 200;

/**
 * Decides from the bytes (magic numbers via file-type, then ffprobe) whether a file is audio or
 * video we can transcribe. The extension and any declared Content-Type are ignored: they are
 * whatever the sender claimed. Throws UnsupportedMediaError with a message that says why.
 */
export async function detectMedia(path: string, signal?: AbortSignal): Promise<DetectedMedia> {
  const { size } = await stat(path);
  if (size === 0) throw new UnsupportedMediaError('the file is empty');

  const type = await fileTypeFromFile(path);
  if (!type) {
    throw new UnsupportedMediaError('the file is not audio or video (its content matches no known media format)');
  }
  const isMedia = type.mime.startsWith('audio/') || type.mime.startsWith('video/') || MEDIA_APPLICATION_TYPES.has(type.mime);
  if (!isMedia) {
    throw new UnsupportedMediaError(`the file is not audio or video: its content is ${type.mime} (.${type.ext})`, {
      detected: type.mime,
    });
  }

  const probe = await probeMedia(path, signal).catch((err: unknown) => {
    if (!(err instanceof UnsupportedMediaError)) throw err;
    throw new UnsupportedMediaError(`the file looks like ${type.ext} but cannot be read (damaged, or not really ${type.ext}): ${err.message.replace(/^cannot read the media file: /, '')}`, {
      detected: type.mime,
    });
  });
  if (!probe.hasAudio) {
    throw new UnsupportedMediaError(`the ${type.ext} file has no audio track`, { detected: type.mime });
  }
  let measured: number;
  try {
    measured = await measureAudioDurationMs(path, signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new UnsupportedMediaError(`the ${type.ext} file's audio cannot be read (damaged or truncated)`, { detected: type.mime });
  }
  if (measured < MIN_AUDIO_MS) {
    throw new UnsupportedMediaError(`the ${type.ext} file holds no playable audio (damaged or truncated)`, {
      detected: type.mime,
      declaredMs: probe.durationMs,
      measuredMs: measured,
    });
  }
  // Headers (MP3 Xing, MP4 moov) declare the full length; a cut-off file holds much less.
  if (probe.durationMs > 0 && measured < probe.durationMs * 0.9 - 500) {
    throw new UnsupportedMediaError(
      `the ${type.ext} file is truncated: it declares ${(probe.durationMs / 1000).toFixed(1)} s of audio but holds ${(measured / 1000).toFixed(1)} s`,
      { detected: type.mime, declaredMs: probe.durationMs, measuredMs: measured },
    );
  }
  return {
    mimeType: type.mime,
    ext: type.ext,
    kind: type.mime.startsWith('video/') || probe.hasVideo ? 'video' : 'audio',
    durationMs: probe.durationMs > 0 ? probe.durationMs : measured,
    bytes: size,
  };
}
