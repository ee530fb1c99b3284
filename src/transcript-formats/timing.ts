import type { ParsedUtterance, SpeakerRole, Utterance } from '../domain/transcript.js';
import { countWords } from './text.js';

/**
 * Gives every parsed turn its stable id (`u<index>`, the ids load_utterances returns), its role and
 * timings. Source timings are kept when every turn has a start; otherwise all timings are estimated
 * from a conversational speaking rate so evidence still gets ordered, plausible timestamps (marked
 * `estimated`, never presented as measured).
 */

export const WORDS_PER_MINUTE = 150;
export const MS_PER_WORD = Math.round(60_000 / WORDS_PER_MINUTE); // 400 ms
export const PAUSE_BETWEEN_TURNS_MS = 600;
export const MIN_TURN_MS = 800;

export function estimateDurationMs(text: string, words = countWords(text)): number {
  return Math.max(MIN_TURN_MS, words * MS_PER_WORD);
}

export interface TimedUtterances {
  utterances: Utterance[];
  timing: 'provided' | 'estimated';
  durationMs: number;
}

/** `wordCounts[i]`, when given, is countWords of turn i (prepareTranscript counts once for roles and timing). */
export function toUtterances(parsed: ParsedUtterance[], roles: Map<string, SpeakerRole>, wordCounts?: readonly number[]): TimedUtterances {
  const provided = parsed.length > 0 && parsed.every((p) => p.startMs !== undefined);
  const utterances: Utterance[] = [];
  let clock = 0;
  parsed.forEach((p, index) => {
    let startMs: number;
    let endMs: number;
    if (provided) {
      startMs = p.startMs!;
      const nextStart = parsed[index + 1]?.startMs;
      endMs = p.endMs ?? (nextStart !== undefined && nextStart > startMs ? nextStart : startMs + estimateDurationMs(p.text, wordCounts?.[index]));
      endMs = Math.max(startMs, endMs);
    } else {
      startMs = index === 0 ? 0 : clock + PAUSE_BETWEEN_TURNS_MS;
      endMs = startMs + estimateDurationMs(p.text, wordCounts?.[index]);
      clock = endMs;
    }
    const u: Utterance = {
      id: `u${index}`,
      index,
      speaker: p.speaker,
      role: roles.get(p.speaker) ?? 'participant',
      startMs,
      endMs,
      text: p.text,
      timing: provided ? 'provided' : 'estimated',
    };
    if (provided && p.words?.length) u.words = p.words;
    utterances.push(u);
  });
  const durationMs = utterances.reduce((max, u) => Math.max(max, u.endMs), 0);
  return { utterances, timing: provided ? 'provided' : 'estimated', durationMs };
}

/** The normalised full text: `Speaker: text` turns separated by blank lines. */
export function transcriptText(utterances: Array<Pick<ParsedUtterance, 'speaker' | 'text'>>): string {
  return utterances.map((u) => `${u.speaker}: ${u.text}`).join('\n\n');
}
