import { TranscriptParseError } from '../domain/errors.js';
import type { ParsedUtterance } from '../domain/transcript.js';
import { CLOCK, assertNotBlank, clockToMs, normaliseNewlines, splitLines } from './text.js';

/**
 * WebVTT and SRT captions. Speakers come from WebVTT voice tags (`<v Name>`) or, without one, from
 * a `Name:` prefix in the cue text; a cue without either continues the previous speaker. Cues are
 * ordered by start time and consecutive cues of one speaker are merged into one utterance.
 *
 * Why not @plussub/srt-vtt-parser (installed, tried in 2.0.5): it reports no line numbers, reads a
 * malformed time as 0 and a cue with settings (`align:start`) without hours as `to: null`, keeps the
 * `\r` of CRLF files in the text, throws a TypeError on a VTT file with a BOM, and silently drops a
 * cue whose identifier contains "note", "style" or "region". This block scanner is small, names the
 * line of every error, and the tests check it against that library on well-formed files.
 */

export interface Cue {
  startMs: number;
  endMs: number;
  text: string;
  /** line of the cue's timing line (1-based) */
  line: number;
}

const TIMING = new RegExp(String.raw`^\s*(${CLOCK})\s*-->\s*(${CLOCK})(?:\s+.*)?$`);

/** Scans caption blocks into cues (raw cue text, tags kept). */
export function scanCues(raw: string, kind: 'vtt' | 'srt'): Cue[] {
  const text = normaliseNewlines(raw);
  assertNotBlank(text);
  const lines = splitLines(text);
  let i = 0;
  if (kind === 'vtt') {
    if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) {
      throw new TranscriptParseError('a WebVTT file must start with "WEBVTT"', 1);
    }
    // the header block runs to the first blank line
    while (i < lines.length && (lines[i] ?? '').trim() !== '') {
      if ((lines[i] ?? '').includes('-->')) throw new TranscriptParseError('expected a blank line after the WEBVTT header', i + 1);
      i++;
    }
  }
  const cues: Cue[] = [];
  while (i < lines.length) {
    while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
    if (i >= lines.length) break;
    const blockStart = i;
    const block: string[] = [];
    while (i < lines.length && (lines[i] ?? '').trim() !== '') block.push(lines[i++] ?? '');
    const first = block[0] ?? '';
    if (kind === 'vtt' && /^(?:NOTE|STYLE|REGION)(?:[ \t].*)?$/.test(first) && !first.includes('-->')) continue;
    const timingAt = first.includes('-->') ? 0 : (block[1] ?? '').includes('-->') ? 1 : -1;
    if (timingAt < 0) {
      // a blank line inside cue text (seen in hand-edited SRT) continues the previous cue;
      // anything else is not a caption block
      const previous = cues[cues.length - 1];
      if (previous && !/^\d+$/.test(first.trim())) {
        previous.text += '\n' + block.join('\n');
        continue;
      }
      throw new TranscriptParseError(
        `expected a cue timing line like "00:00:01${kind === 'srt' ? ',' : '.'}000 --> 00:00:04${kind === 'srt' ? ',' : '.'}000"`,
        // after a cue number the timing line was due on the next line
        blockStart + (/^\d+$/.test(first.trim()) && block.length > 1 ? 2 : 1),
      );
    }
    const lineNo = blockStart + timingAt + 1;
    const m = TIMING.exec(block[timingAt] ?? '');
    const startMs = m ? clockToMs(m[1]!) : undefined;
    const endMs = m ? clockToMs(m[2]!) : undefined;
    if (startMs === undefined || endMs === undefined) {
      throw new TranscriptParseError(`malformed cue timing "${(block[timingAt] ?? '').trim().slice(0, 80)}"`, lineNo);
    }
    if (endMs < startMs) throw new TranscriptParseError('cue ends before it starts', lineNo);
    const cueText = block.slice(timingAt + 1).join('\n');
    if (cueText.trim() === '') continue; // empty cue: nothing said
    cues.push({ startMs, endMs, text: cueText, line: lineNo });
  }
  return cues;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: ' ', lrm: '', rlm: '', quot: '"', apos: "'" };

function stripTags(s: string): string {
  return s
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|nbsp|lrm|rlm|quot|apos);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/[ \t]+/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ')
    .trim();
}

const PREFIX = /^(?:-\s*|>>\s*)?([\p{Lu}][\p{L}\p{N}.'’_-]*(?: [\p{L}\p{N}.'’_-]+){0,3})\s*:\s+([\s\S]*)$/u;

interface Segment {
  speaker?: string;
  text: string;
}

/** Splits one cue's text into speaker segments (several voices may share a cue). */
function segmentsOf(cueText: string): Segment[] {
  const voice = /<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>/g;
  if (voice.test(cueText)) {
    voice.lastIndex = 0;
    const out: Segment[] = [];
    let last = 0;
    let speaker: string | undefined;
    for (let m = voice.exec(cueText); m; m = voice.exec(cueText)) {
      const before = stripTags(cueText.slice(last, m.index));
      if (before) out.push(speaker === undefined ? { text: before } : { speaker, text: before });
      speaker = (m[1] ?? '').trim() || undefined;
      last = m.index + m[0].length;
    }
    const rest = stripTags(cueText.slice(last));
    if (rest) out.push(speaker === undefined ? { text: rest } : { speaker, text: rest });
    return out;
  }
  const plain = stripTags(cueText);
  const m = PREFIX.exec(plain);
  if (m && m[1]!.length <= 40) {
    const text = m[2]!.trim();
    return text ? [{ speaker: m[1]!, text }] : [];
  }
  return plain ? [{ text: plain }] : [];
}

/** Turns cues into speaker turns: voice/prefix speakers, order by start, merge same-speaker runs. */
export function cuesToUtterances(cues: Cue[]): ParsedUtterance[] {
  if (cues.length === 0) throw new TranscriptParseError('the captions contain no cues with text');
  const ordered = cues.map((c, i) => ({ c, i })).sort((a, b) => a.c.startMs - b.c.startMs || a.i - b.i);
  const out: ParsedUtterance[] = [];
  let speaker: string | undefined;
  let anySpeaker = false;
  let lastText = '';
  for (const { c } of ordered) {
    for (const seg of segmentsOf(c.text)) {
      if (seg.speaker) {
        speaker = seg.speaker;
        anySpeaker = true;
      }
      const who = speaker ?? 'Unknown';
      const prev = out[out.length - 1];
      if (prev && prev.speaker === who) {
        // rolling captions repeat the previous cue's text: keep it once
        if (seg.text !== lastText) prev.text = `${prev.text} ${seg.text}`;
        prev.startMs = Math.min(prev.startMs ?? c.startMs, c.startMs);
        prev.endMs = Math.max(prev.endMs ?? c.endMs, c.endMs);
      } else {
        out.push({ speaker: who, text: seg.text, startMs: c.startMs, endMs: c.endMs });
      }
      lastText = seg.text;
    }
  }
  if (!anySpeaker) {
    throw new TranscriptParseError(
      'the captions name no speakers; use WebVTT voice tags (<v Name>) or "Name: text" at the start of cues',
      cues[0]!.line,
    );
  }
  if (out.length === 0) throw new TranscriptParseError('the captions contain no cues with text');
  return out;
}

export function parseVtt(raw: string): ParsedUtterance[] {
  return cuesToUtterances(scanCues(raw, 'vtt'));
}

export function parseSrt(raw: string): ParsedUtterance[] {
  return cuesToUtterances(scanCues(raw, 'srt'));
}
