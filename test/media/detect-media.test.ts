import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/domain/errors.js';
import { classifyUpload } from '../../src/media/classify-upload.js';
import { detectMedia } from '../../src/media/detect-media.js';
import { normalizeAudio, probeDuration } from '../../src/media/ffmpeg.js';
import { UnsupportedMediaError } from '../../src/media/media-errors.js';

const run = promisify(execFile);

/** Deterministic noise (an LCG), so the "random bytes" case cannot match a signature by chance. */
function pseudoRandomBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
let dir: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iflow-detect-'));
  const f = (name: string) => (files[name] = join(dir, name));
  // 4 s of speech-like tone in several containers
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=4', '-ar', '22050', f('tone.wav')]);
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-i', files['tone.wav']!, '-c:a', 'libmp3lame', '-b:a', '64k', f('tone.mp3')]);
  await run('ffmpeg', [
    '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'color=c=black:s=64x64:r=5:d=4', '-i', files['tone.wav']!,
    '-shortest', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', f('tone.mp4'),
  ]);
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'color=c=black:s=64x64:r=5:d=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', f('silent-video.mp4')]);
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=32x32', '-frames:v', '1', f('image.png')]);
  // a minimal but well-formed PDF, named like audio to show the name is ignored
  await writeFile(f('report.mp3'), '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  await writeFile(f('random.wav'), pseudoRandomBytes(8192, 42));
  // random bytes that happen to start with an MPEG audio frame sync
  await writeFile(f('noise-with-mp3-sync.mp3'), Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), pseudoRandomBytes(8192, 7)]));
  await writeFile(f('empty.mp3'), Buffer.alloc(0));
  // an MP3 cut after a few KB: its header still declares the full 4 s
  const mp3 = await readFile(files['tone.mp3']!);
  await writeFile(f('truncated.mp3'), mp3.subarray(0, Math.floor(mp3.length / 5)));
  await writeFile(f('header-only.mp3'), mp3.subarray(0, 700));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('detectMedia decides from the bytes', () => {
  it('accepts WAV, MP3 and MP4 (video) with their durations', async () => {
    const wav = await detectMedia(files['tone.wav']!);
    expect(wav).toMatchObject({ mimeType: 'audio/wav', kind: 'audio' });
    expect(wav.durationMs).toBeGreaterThan(3900);
    expect((await detectMedia(files['tone.mp3']!)).mimeType).toBe('audio/mpeg');
    const mp4 = await detectMedia(files['tone.mp4']!);
    expect(mp4.kind).toBe('video');
    expect(mp4.durationMs).toBeGreaterThan(3500);
  });

  it.each([
    ['report.mp3', /not audio or video: its content is application\/pdf/],
    ['image.png', /not audio or video: its content is image\/png/],
    ['random.wav', /not audio or video \(its content matches no known media format\)/],
    ['empty.mp3', /the file is empty/],
    ['noise-with-mp3-sync.mp3', /^the (file looks like mp3 but cannot be read \(damaged, or not really mp3\): (?!.*\/tmp)|mp3 file (holds no playable audio|'s audio cannot be read))/],
    ['truncated.mp3', /mp3 file is truncated: it declares 4\.\d s of audio but holds 0\.\d s/],
    ['header-only.mp3', /mp3 file (is truncated|holds no playable audio)/],
    ['silent-video.mp4', /has no audio track/],
  ])('rejects %s clearly', async (name, pattern) => {
    const err = await detectMedia(files[name]!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedMediaError);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toMatch(pattern);
  });
});

describe('classifyUpload tells recordings from transcript files', () => {
  it('media is media, UTF-8 text (with BOM and CRLF) is text', async () => {
    expect(await classifyUpload(files['tone.mp3']!)).toMatchObject({ kind: 'media', media: { mimeType: 'audio/mpeg' } });
    const vtt = join(dir, 'talk.vtt');
    await writeFile(vtt, '\uFEFFWEBVTT\r\n\r\n00:00.000 --> 00:02.000\r\n<v Ana>Héllo — there\r\n');
    const text = await classifyUpload(vtt);
    expect(text.kind).toBe('text');
    expect(text.kind === 'text' && text.text).toContain('<v Ana>Héllo — there');
  });

  it.each([
    ['random.wav', /neither audio\/video nor a UTF-8 text transcript/],
    ['report.mp3', /not audio or video: its content is application\/pdf/],
    ['image.png', /image\/png/],
    ['empty.mp3', /the file is empty/],
    ['truncated.mp3', /truncated/],
  ])('rejects %s', async (name, pattern) => {
    await expect(classifyUpload(files[name]!)).rejects.toThrow(pattern);
  });
});

describe('ffmpeg helpers', () => {
  it('probes the duration and normalises video to 16 kHz mono WAV', async () => {
    expect(await probeDuration(files['tone.mp3']!)).toBeGreaterThan(3900);
    const out = await mkdtemp(join(tmpdir(), 'iflow-norm-test-'));
    try {
      const wav = await normalizeAudio(files['tone.mp4']!, { outDir: out });
      const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=sample_rate,channels,codec_name', '-of', 'json', wav.path]);
      expect(JSON.parse(stdout).streams).toEqual([{ codec_name: 'pcm_s16le', sample_rate: '16000', channels: 1 }]);
      expect(wav.durationMs).toBeGreaterThan(3500);
      // 16 kHz * 2 bytes * seconds (+ header)
      expect((await stat(wav.path)).size).toBeGreaterThan(32_000 * 3.5);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('normalising a non-media file fails with UnsupportedMediaError', async () => {
    await expect(normalizeAudio(files['random.wav']!)).rejects.toBeInstanceOf(UnsupportedMediaError);
  });

  it('aborting kills ffmpeg', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop now'));
    await expect(normalizeAudio(files['tone.mp4']!, { signal: controller.signal })).rejects.toThrow('stop now');
  });
});
