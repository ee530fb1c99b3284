import { TranscriptParseError } from '../domain/errors.js';
import type { ParsedUtterance } from '../domain/transcript.js';
import { CLOCK, assertNotBlank, clockToMs, normaliseNewlines, splitLines } from './text.js';

/**
 * Plain `Speaker: text` transcripts (the Anthropic Interviewer format): a turn starts with a short
 * speaker label followed by a colon; every other line continues the current turn, so turns may span
 * several lines and paragraphs. Optional timestamps: `[00:01:23] Speaker: text` or
 * `Speaker (00:01:23): text`.
 *
 * The hard part is not mistaking "Note: ..." or "My advice: ..." inside a turn for a new speaker.
 * A label counts as a speaker when it is a well-known speaker label (AI, User, Interviewer, ...), or
 * appears at least twice as a label, or appears once at the start of a paragraph and reads like a
 * name (every word capitalised, not a discourse word like "Honestly"). Common prose labels (Note,
 * Edit, Example, ...) never count. Labels are at most 40 characters and 4 words and start with a
 * capital letter or digit.
 */

const LABEL = String.raw`[\p{Lu}\p{N}][\p{L}\p{N}.'’_-]*(?: [\p{L}\p{N}.'’_&-]+){0,3}`;
// optional markdown bold around the label ("**Interviewer:** text"), as LLM-made transcripts have
const TURN_LINE = new RegExp(
  String.raw`^\s*(?:[\[(](${CLOCK})[\])]\s*|(${CLOCK})\s+)?(?:\*\*)?(${LABEL})\s*(?:[\[(](${CLOCK})[\])])?\s*(?:\*\*:|:(?:\*\*)?)(?:\s+(.*)|\s*)$`,
  'u',
);

/** Labels that are speakers even when they occur once (lower case). */
export const KNOWN_SPEAKER_LABELS = new Set([
  'ai', 'assistant', 'interviewer', 'moderator', 'researcher', 'host', 'facilitator', 'q',
  'user', 'participant', 'interviewee', 'respondent', 'customer', 'guest', 'a', 'human',
]);

/** Labels that introduce prose inside a turn, never a speaker (lower case). */
const PROSE_LABELS = new Set([
  'note', 'notes', 'nb', 'n.b.', 'n.b', 'ps', 'p.s.', 'p.s', 'pps', 'edit', 'update', 'example',
  'examples', 'e.g.', 'eg', 'i.e.', 'tip', 'tips', 'warning', 'important', 'summary', 'tldr',
  'source', 'sources', 'link', 'links', 're', 'subject', 'date', 'title', 'quote', 'caveat',
  'disclaimer', 'fyi', 'btw', 'bonus', 'reminder', 'context', 'pros', 'cons', 'result', 'results',
  'goal', 'problem', 'solution', 'step', 'hint', 'definition', 'usage',
]);

interface Candidate {
  label: string;
  key: string;
  text: string;
  startMs?: number;
  paragraphStart: boolean;
}

function isProse(key: string): boolean {
  return PROSE_LABELS.has(key) || /^(?:step|edit|update|note|example|option|point|part) ?\d+$/.test(key);
}

/** Discourse words that open a sentence with a colon ("Honestly: ...", "Anyway: ..."). */
const ONE_OFF_PROSE = new Set([
  'also', 'anyway', 'overall', 'first', 'second', 'third', 'finally', 'lastly', 'plus', 'however',
  'conclusion', 'background', 'answer', 'question', 'reason', 'why', 'what', 'how', 'because', 'so',
  'but', 'and', 'or', 'then', 'now', 'today', 'yesterday', 'again', 'meanwhile', 'otherwise', 'thus',
]);

/** "Maria", "Dr. Ann Lee", "Speaker 2", "INTERVIEWER" - not "My advice" or "Honestly". */
function looksLikeName(label: string): boolean {
  const words = label.split(' ');
  if (!words.every((w) => /^[\p{Lu}\p{N}]/u.test(w))) return false;
  if (words.length === 1 && (/ly$/i.test(label) || ONE_OFF_PROSE.has(label.toLowerCase()))) return false;
  return true;
}

function candidateOf(line: string, paragraphStart: boolean, lineNo: number): Candidate | undefined {
  const m = TURN_LINE.exec(line);
  if (!m) return undefined;
  const [, tsBracket, tsBare, rawLabel, tsAfter, rest] = m;
  const label = (rawLabel ?? '').replace(/\s+/g, ' ').trim();
  if (label.length === 0 || label.length > 40) return undefined;
  const key = label.toLowerCase();
  if (isProse(key)) return undefined;
  const ts = tsBracket ?? tsBare ?? tsAfter;
  let startMs: number | undefined;
  if (ts !== undefined) {
    startMs = clockToMs(ts);
    if (startMs === undefined) throw new TranscriptParseError(`invalid timestamp "${ts}"`, lineNo);
  } else if (/^\d/.test(label)) {
    return undefined; // "10: ..." or "2024: ..." is prose, not a speaker
  }
  return { label, key, text: (rest ?? '').trimEnd(), paragraphStart, ...(startMs === undefined ? {} : { startMs }) };
}

interface Turn {
  speaker: string;
  line: number;
  startMs?: number;
  paragraphs: string[][];
}

export function parsePlain(raw: string): ParsedUtterance[] {
  const text = normaliseNewlines(raw);
  assertNotBlank(text);
  const lines = splitLines(text);

  // Pass 1: find label candidates and how often each label occurs.
  const candidates = new Map<number, Candidate>();
  const counts = new Map<string, number>();
  lines.forEach((line, i) => {
    const paragraphStart = i === 0 || (lines[i - 1] ?? '').trim() === '';
    const c = candidateOf(line, paragraphStart, i + 1);
    if (!c) return;
    candidates.set(i, c);
    counts.set(c.key, (counts.get(c.key) ?? 0) + 1);
  });
  const established = new Set(
    [...counts].filter(([key, n]) => n >= 2 || KNOWN_SPEAKER_LABELS.has(key)).map(([key]) => key),
  );
  // a label seen once is a speaker only at a paragraph start and when it reads like a name
  const isTurn = (c: Candidate): boolean => established.has(c.key) || (c.paragraphStart && looksLikeName(c.label));

  // Pass 2: build turns.
  const turns: Turn[] = [];
  let current: Turn | undefined;
  let blankBefore = false;
  lines.forEach((line, i) => {
    const c = candidates.get(i);
    if (c && isTurn(c)) {
      current = { speaker: c.label, line: i + 1, paragraphs: [[]] };
      if (c.startMs !== undefined) current.startMs = c.startMs;
      if (c.text) current.paragraphs[0]!.push(c.text);
      turns.push(current);
      blankBefore = false;
      return;
    }
    if (line.trim() === '') {
      blankBefore = true;
      return;
    }
    if (!current) {
      throw new TranscriptParseError(
        `text before the first speaker turn; turns must start with a label like "Interviewer: ..." (found "${line.trim().slice(0, 60)}")`,
        i + 1,
      );
    }
    if (blankBefore && current.paragraphs[current.paragraphs.length - 1]!.length > 0) current.paragraphs.push([]);
    current.paragraphs[current.paragraphs.length - 1]!.push(line.trimEnd());
    blankBefore = false;
  });

  if (turns.length === 0) {
    throw new TranscriptParseError('no speaker turns found; expected lines like "Speaker: text"');
  }

  const out: ParsedUtterance[] = [];
  let previousStart = -1;
  for (let t = 0; t < turns.length; t++) {
    const turn = turns[t]!;
    if (turn.startMs !== undefined) {
      if (turn.startMs < previousStart) {
        throw new TranscriptParseError('timestamp is earlier than the previous turn\'s timestamp', turn.line);
      }
      previousStart = turn.startMs;
    }
    const body = turn.paragraphs
      .map((p) => p.join('\n').trim())
      .filter((p) => p !== '')
      .join('\n\n');
    if (body === '') continue; // a label with nothing said carries no utterance
    const u: ParsedUtterance = { speaker: turn.speaker, text: body };
    if (turn.startMs !== undefined) {
      u.startMs = turn.startMs;
      const nextStart = turns[t + 1]?.startMs;
      if (nextStart !== undefined) u.endMs = nextStart;
    }
    out.push(u);
  }
  if (out.length === 0) throw new TranscriptParseError('every speaker turn is empty');
  return out;
}
