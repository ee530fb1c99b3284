import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';

const run = promisify(execFile);

export { CREATIVES_CSV } from '../../support/creatives.js';
import { CREATIVES_CSV } from '../../support/creatives.js';

export interface SourceTurn {
  speaker: 'interviewer' | 'participant';
  text: string;
}

export interface SynthesizedTurn extends SourceTurn {
  voice: string;
  startMs: number;
  endMs: number;
}

export interface SynthesizedInterview {
  wav: string;
  mp3: string;
  mp4: string;
  turns: SynthesizedTurn[];
  durationMs: number;
  referenceText: string;
}

/** espeak-ng voices: en-us+f2 at ~130 wpm recognised best in a quick try; a male voice for contrast. */
export const VOICES = { interviewer: { voice: 'en-us+f2', wpm: 130 }, participant: { voice: 'en-us+m1', wpm: 140 } } as const;
const GAP_MS = 1200;

/** The first turns of a creatives interview, each cut to its first sentences (~maxWords in all). */
export async function loadCreativeTurns(id = 'creativity_0000', turns = 5, wordsPerTurn = 16): Promise<SourceTurn[]> {
  const rows = parse(await readFile(CREATIVES_CSV), { columns: true }) as { transcript_id: string; text: string }[];
  const row = rows.find((r) => r.transcript_id === id);
  if (!row) throw new Error(`${id} not in ${CREATIVES_CSV}`);
  const out: SourceTurn[] = [];
  for (const block of row.text.split(/\n(?=(?:Assistant|AI|User):)/)) {
    const m = /^(Assistant|AI|User):\s*([\s\S]*)$/.exec(block.trim());
    if (!m) continue;
    const sentences = m[2]!.replace(/\s*—\s*/g, ', ').replace(/\s+/g, ' ').match(/[^.!?]+[.!?]*/g) ?? [];
    let text = '';
    for (const s of sentences) {
      if (text && text.split(' ').length + s.trim().split(' ').length > wordsPerTurn) break;
      text = `${text} ${s.trim()}`.trim();
    }
    out.push({ speaker: m[1] === 'User' ? 'participant' : 'interviewer', text });
    if (out.length >= turns) break;
  }
  return out;
}

/**
 * Speaks the turns with two espeak-ng voices, 1.2 s apart, into WAV, MP3 and MP4 (a still video
 * track plus the audio). Cached in the temp dir by content hash, so test files share the work.
 */
export async function synthesizeInterview(turns: SourceTurn[]): Promise<SynthesizedInterview> {
  const key = createHash('sha256').update(JSON.stringify({ turns, VOICES, GAP_MS })).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `iflow-synth-${key}`);
  const manifest = join(dir, 'manifest.json');
  if (existsSync(manifest)) return JSON.parse(await readFile(manifest, 'utf8')) as SynthesizedInterview;

  const work = `${dir}.${process.pid}.${Date.now()}`;
  await mkdir(work, { recursive: true });
  const timed: SynthesizedTurn[] = [];
  const inputs: string[] = [];
  let cursor = 0;
  for (const [i, turn] of turns.entries()) {
    const { voice, wpm } = VOICES[turn.speaker];
    const file = join(work, `turn-${i}.wav`);
    await run('espeak-ng', ['-v', voice, '-s', String(wpm), '-w', file, turn.text]);
    // resample each turn to 16 kHz so the concatenation is sample-exact
    const resampled = join(work, `turn-${i}-16k.wav`);
    await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', file, '-ar', '16000', '-ac', '1', resampled]);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', resampled]);
    const ms = Math.round(Number(stdout.trim()) * 1000);
    timed.push({ ...turn, voice, startMs: cursor, endMs: cursor + ms });
    inputs.push(resampled);
    cursor += ms + GAP_MS;
  }
  const durationMs = cursor - GAP_MS;
  const filter =
    inputs.map((_, i) => (i < inputs.length - 1 ? `[${i}:a]apad=pad_dur=${GAP_MS / 1000}[a${i}];` : `[${i}:a]anull[a${i}];`)).join('') +
    `${inputs.map((_, i) => `[a${i}]`).join('')}concat=n=${inputs.length}:v=0:a=1[out]`;
  const wav = join(work, 'interview.wav');
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...inputs.flatMap((f) => ['-i', f]), '-filter_complex', filter, '-map', '[out]', '-ar', '16000', '-ac', '1', wav]);
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', wav, '-c:a', 'libmp3lame', '-b:a', '64k', join(work, 'interview.mp3')]);
  await run('ffmpeg', [
    '-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=darkblue:s=160x120:r=5', '-i', wav,
    '-shortest', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', join(work, 'interview.mp4'),
  ]);
  const result: SynthesizedInterview = {
    wav: join(dir, 'interview.wav'),
    mp3: join(dir, 'interview.mp3'),
    mp4: join(dir, 'interview.mp4'),
    turns: timed,
    durationMs,
    referenceText: turns.map((t) => t.text).join(' '),
  };
  await writeFile(join(work, 'manifest.json'), JSON.stringify(result, null, 2));
  try {
    await rename(work, dir);
  } catch {
    await rm(work, { recursive: true, force: true }); // another test file won the race
  }
  return result;
}
