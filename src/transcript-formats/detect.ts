import { normaliseNewlines } from './text.js';

export const TRANSCRIPT_FORMATS = ['plain', 'json', 'vtt', 'srt', 'assemblyai'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

/** JSON-ish formats are told apart after parsing (see index.ts); this returns 'json' for both. */
export function detectFormat(raw: string, filename?: string): TranscriptFormat {
  const ext = filename ? /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() : undefined;
  if (ext === 'vtt') return 'vtt';
  if (ext === 'srt') return 'srt';
  if (ext === 'json') return 'json';
  const text = normaliseNewlines(raw).trimStart();
  if (/^WEBVTT(?:[ \t\n]|$)/.test(text)) return 'vtt';
  if (text.startsWith('{')) return 'json';
  if (text.startsWith('[')) {
    // "[00:01:23] Speaker: ..." is a plain transcript, "[{" or "[\n  {" is JSON
    if (/^\[\s*(?:[{\]"]|$)/.test(text)) return 'json';
  }
  const lines = text.split('\n', 3);
  const timing = /^\s*\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}\s*-->/;
  if (/^\d+\s*$/.test(lines[0] ?? '') && timing.test(lines[1] ?? '')) return 'srt';
  if (timing.test(lines[0] ?? '')) return 'srt';
  return 'plain';
}
