import type { Word } from '../../domain/transcript.js';

/** One stretch of speech between pauses, as pocketsphinx's voice activity detector cut it. */
export interface SpeechSegment {
  startMs: number;
  endMs: number;
  words: Word[];
}

const WORD_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?(?:e-?\d+)?)$/;

/** Tokens that mark silence, sentence edges or noise rather than words. */
function isFiller(token: string): boolean {
  return token === '<s>' || token === '</s>' || token === '<sil>' || token === '(NULL)' || /^\[.*\]$/.test(token) || /^\+\+.*\+\+$/.test(token);
}

/**
 * Parses `pocketsphinx_continuous -time yes` output: for each detected utterance a hypothesis
 * line, then one `word start end confidence` line per token (seconds), framed by `<s>`/`</s>`.
 * Alternative pronunciations carry a `(2)` suffix, which is dropped.
 */
export function parsePocketsphinxOutput(stdout: string): SpeechSegment[] {
  const segments: SpeechSegment[] = [];
  let current: SpeechSegment | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    const m = WORD_LINE.exec(line.trim());
    if (!m) continue;
    const [, token = '', start = '0', end = '0'] = m;
    const startMs = Math.round(Number(start) * 1000);
    const endMs = Math.max(startMs, Math.round(Number(end) * 1000));
    if (token === '<s>') {
      current = { startMs, endMs, words: [] };
      continue;
    }
    if (token === '</s>') {
      if (current && current.words.length > 0) segments.push(current);
      current = undefined;
      continue;
    }
    current ??= { startMs, endMs, words: [] };
    if (isFiller(token)) continue;
    current.words.push({ text: token.replace(/\(\d+\)$/, ''), startMs, endMs });
    current.endMs = endMs;
  }
  if (current && current.words.length > 0) segments.push(current);
  // segment bounds are the words' bounds (drop the leading/trailing silence markers)
  return segments.map((s) => ({ words: s.words, startMs: s.words[0]!.startMs, endMs: s.words.at(-1)!.endMs }));
}

/**
 * Parses the line-delimited JSON of PocketSphinx 5 (`pocketsphinx live file.wav`): per segment
 * `{"b": start s, "d": duration s, "p", "t": text, "w": [{"b", "d", "p", "t"}...]}`.
 */
export function parsePocketsphinxJson(stdout: string): SpeechSegment[] {
  const segments: SpeechSegment[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    if (!line.trim().startsWith('{')) continue;
    let parsed: { w?: { b?: number; d?: number; t?: string }[] };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      continue;
    }
    const words: Word[] = [];
    for (const w of parsed.w ?? []) {
      const token = String(w.t ?? '');
      if (!token || isFiller(token)) continue;
      const startMs = Math.round(Number(w.b ?? 0) * 1000);
      words.push({ text: token.replace(/\(\d+\)$/, ''), startMs, endMs: startMs + Math.max(0, Math.round(Number(w.d ?? 0) * 1000)) });
    }
    if (words.length > 0) segments.push({ words, startMs: words[0]!.startMs, endMs: words.at(-1)!.endMs });
  }
  return segments;
}
