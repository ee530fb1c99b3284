import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { readTranscriptCsv } from '../transcript-formats/index.js';
import { CliError } from './cli-error.js';

export interface InputItem {
  title: string;
  /** A CSV row's transcript_id: its idempotency key. */
  csvId?: string;
  transcript?: string;
  /** A local media file or a URL, for the transcription step. */
  media?: { kind: 'media'; path: string } | { kind: 'url'; url: string };
}

const TRANSCRIPT_EXT = new Set(['.txt', '.md', '.vtt', '.srt', '.json']);
const MEDIA_EXT = new Set(['.wav', '.mp3', '.m4a', '.mp4', '.mov', '.webm', '.ogg', '.flac', '.aac', '.mkv']);
/** A folder may carry its study's research questions, one per line. */
export const QUESTIONS_FILE = 'questions.txt';

/** Expands files, folders (one level of transcripts/media) and CSVs into interviews. */
export async function collectInputs(args: string[]): Promise<{ items: InputItem[]; questions: string[] }> {
  const items: InputItem[] = [];
  const questions: string[] = [];
  for (const arg of args) {
    if (/^https?:\/\//i.test(arg)) {
      items.push({ title: arg, media: { kind: 'url', url: arg } });
      continue;
    }
    const st = await stat(arg).catch(() => null);
    if (!st) throw new CliError(`no such file or folder: ${arg}`);
    if (st.isDirectory()) {
      const names = (await readdir(arg)).sort();
      if (names.includes(QUESTIONS_FILE)) questions.push(...(await readQuestions(path.join(arg, QUESTIONS_FILE))));
      for (const name of names) {
        if (name === QUESTIONS_FILE || name.startsWith('.') || /^readme/i.test(name)) continue;
        const ext = path.extname(name).toLowerCase();
        if (TRANSCRIPT_EXT.has(ext) || MEDIA_EXT.has(ext) || ext === '.csv') items.push(...(await fileItems(path.join(arg, name))));
      }
    } else {
      items.push(...(await fileItems(arg)));
    }
  }
  if (items.length === 0) throw new CliError(`no interviews found in ${args.join(' ')} (transcripts: ${[...TRANSCRIPT_EXT].join(' ')}, .csv; media: ${[...MEDIA_EXT].join(' ')})`);
  return { items, questions };
}

async function fileItems(file: string): Promise<InputItem[]> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') {
    const rows = await readTranscriptCsv(file);
    return rows.map((r) => ({ title: `${path.basename(file)}#${r.id}`, csvId: r.id, transcript: r.text }));
  }
  if (MEDIA_EXT.has(ext)) return [{ title: path.basename(file), media: { kind: 'media', path: path.resolve(file) } }];
  return [{ title: path.basename(file), transcript: await readFile(file, 'utf8') }];
}

export async function readQuestions(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => { throw new CliError(`cannot read questions file ${file}`); });
  return text.split(/\r?\n/).map((l) => l.replace(/^\s*(?:[-*]|\d+[.)])\s*/, '').trim()).filter((l) => l && !l.startsWith('#'));
}
