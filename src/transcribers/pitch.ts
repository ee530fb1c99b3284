import { open } from 'node:fs/promises';

const SAMPLE_RATE = 16_000;
const FRAME = 640; // 40 ms
const HOP = 1280; // analyse every 80 ms: plenty for a per-segment median, and cheap
const MIN_LAG = Math.floor(SAMPLE_RATE / 400); // 400 Hz
const MAX_LAG = Math.ceil(SAMPLE_RATE / 70); // 70 Hz

/**
 * Median fundamental frequency (Hz) of the voiced frames in [startMs, endMs) of a 16 kHz mono
 * 16-bit WAV, by normalised autocorrelation; undefined when too little is voiced. Reads only
 * that slice of the file, so long recordings are never loaded whole.
 */
export async function medianPitchHz(wavPath: string, spans: { startMs: number; endMs: number }[]): Promise<(number | undefined)[]> {
  const fh = await open(wavPath, 'r');
  try {
    const dataStart = await findDataChunk(fh);
    const out: (number | undefined)[] = [];
    for (const { startMs, endMs } of spans) {
      const first = Math.floor((startMs * SAMPLE_RATE) / 1000);
      const count = Math.max(0, Math.floor(((endMs - startMs) * SAMPLE_RATE) / 1000));
      const buf = Buffer.alloc(count * 2);
      const { bytesRead } = await fh.read(buf, 0, buf.length, dataStart + first * 2);
      const samples = new Float32Array(Math.floor(bytesRead / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = buf.readInt16LE(i * 2) / 32768;
      out.push(medianOf(framePitches(samples)));
    }
    return out;
  } finally {
    await fh.close();
  }
}

function framePitches(x: Float32Array): number[] {
  const pitches: number[] = [];
  for (let start = 0; start + FRAME + MAX_LAG <= x.length; start += HOP) {
    let energy = 0;
    for (let i = start; i < start + FRAME; i++) energy += x[i]! * x[i]!;
    if (energy / FRAME < 1e-4) continue; // silence
    let bestLag = 0;
    let best = 0;
    for (let lag = MIN_LAG; lag <= MAX_LAG; lag++) {
      let num = 0;
      let e2 = 0;
      for (let i = start; i < start + FRAME; i++) {
        num += x[i]! * x[i + lag]!;
        e2 += x[i + lag]! * x[i + lag]!;
      }
      const r = num / Math.sqrt(energy * e2 + 1e-12);
      if (r > best) {
        best = r;
        bestLag = lag;
      }
    }
    if (best > 0.6 && bestLag > 0) pitches.push(SAMPLE_RATE / bestLag);
  }
  return pitches;
}

function medianOf(values: number[]): number | undefined {
  if (values.length < 3) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Offset of the PCM samples: walks the RIFF chunks (ffmpeg may write a LIST chunk first). */
async function findDataChunk(fh: Awaited<ReturnType<typeof open>>): Promise<number> {
  const head = Buffer.alloc(8);
  let offset = 12; // after "RIFF" size "WAVE"
  for (let i = 0; i < 64; i++) {
    const { bytesRead } = await fh.read(head, 0, 8, offset);
    if (bytesRead < 8) break;
    const id = head.toString('ascii', 0, 4);
    const size = head.readUInt32LE(4);
    if (id === 'data') return offset + 8;
    offset += 8 + size + (size % 2);
  }
  return 44;
}
