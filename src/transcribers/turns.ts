import type { ParsedUtterance, Word } from '../domain/transcript.js';

/** A stretch of speech with timings, before speakers are known. */
export interface TimedSegment {
  startMs: number;
  endMs: number;
  text: string;
  words?: Word[] | undefined;
  /** Median voice pitch when measured (offline engine); drives the speaker estimate. */
  pitchHz?: number | undefined;
}

export interface TurnOptions {
  /** A pause at least this long ends a turn when speakers must be guessed from pauses. */
  turnGapMs: number;
}

export interface EstimatedTurns {
  utterances: ParsedUtterance[];
  /** How speakers were told apart. */
  method: 'pitch' | 'pauses';
}

/** Median pitches closer than this ratio (about 5 semitones) are not taken as two voices: one voice drifts that much. */
const MIN_PITCH_RATIO = 1.35;

/**
 * Estimates who spoke when, for engines without diarisation. When the segments' voice pitch
 * falls into two clearly separate groups (an interviewer and a participant with different
 * voices), each group is a speaker. Otherwise a pause of at least `turnGapMs` is taken as a change
 * of speaker, alternating between two. Either way the result is an estimate and the labels are
 * neutral (`Speaker 1` is whoever speaks first); consecutive segments of one speaker are merged.
 */
export function estimateTurns(segments: TimedSegment[], options: TurnOptions): EstimatedTurns {
  const ordered = [...segments].filter((s) => s.text.trim().length > 0).sort((a, b) => a.startMs - b.startMs);
  const byPitch = clusterByPitch(ordered);
  const labels = byPitch ?? alternateOnPauses(ordered, options.turnGapMs);
  // name speakers in order of first appearance
  const names = new Map<number, string>();
  const utterances: ParsedUtterance[] = [];
  ordered.forEach((segment, i) => {
    const label = labels[i] ?? 0;
    if (!names.has(label)) names.set(label, `Speaker ${names.size + 1}`);
    const speaker = names.get(label)!;
    const last = utterances.at(-1);
    if (last && last.speaker === speaker) {
      last.text = `${last.text} ${segment.text.trim()}`;
      last.endMs = Math.max(last.endMs ?? 0, segment.endMs);
      if (segment.words) last.words = [...(last.words ?? []), ...segment.words];
    } else {
      utterances.push({
        speaker,
        text: segment.text.trim(),
        startMs: segment.startMs,
        endMs: segment.endMs,
        ...(segment.words ? { words: [...segment.words] } : {}),
      });
    }
  });
  return { utterances, method: byPitch ? 'pitch' : 'pauses' };
}

function alternateOnPauses(segments: TimedSegment[], turnGapMs: number): number[] {
  let speaker = 0;
  return segments.map((s, i) => {
    const previous = segments[i - 1];
    if (previous && s.startMs - previous.endMs >= turnGapMs) speaker = 1 - speaker;
    return speaker;
  });
}

/** Two-means on log pitch; undefined unless the two groups are clearly apart and both sizeable. */
function clusterByPitch(segments: TimedSegment[]): number[] | undefined {
  const logs = segments.map((s) => (s.pitchHz && s.pitchHz > 0 ? Math.log(s.pitchHz) : undefined));
  const known = logs.filter((v): v is number => v !== undefined);
  if (known.length < 2) return undefined;
  let low = Math.min(...known);
  let high = Math.max(...known);
  if (high - low < Math.log(MIN_PITCH_RATIO)) return undefined;
  for (let iter = 0; iter < 20; iter++) {
    const lows = known.filter((v) => Math.abs(v - low) <= Math.abs(v - high));
    const highs = known.filter((v) => Math.abs(v - low) > Math.abs(v - high));
    if (lows.length === 0 || highs.length === 0) return undefined;
    low = mean(lows);
    high = mean(highs);
  }
  const lows = known.filter((v) => Math.abs(v - low) <= Math.abs(v - high));
  const highs = known.filter((v) => Math.abs(v - low) > Math.abs(v - high));
  const spread = (mean(lows.map((v) => Math.abs(v - low))) + mean(highs.map((v) => Math.abs(v - high)))) / 2;
  const minShare = Math.min(lows.length, highs.length) / known.length;
  if (high - low < Math.log(MIN_PITCH_RATIO) || high - low < 3 * spread || minShare < 0.1) return undefined;
  // unmeasured segments (too short or unvoiced) keep the previous segment's speaker
  let previous = 0;
  return logs.map((v) => {
    if (v === undefined) return previous;
    previous = Math.abs(v - low) <= Math.abs(v - high) ? 0 : 1;
    return previous;
  });
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
