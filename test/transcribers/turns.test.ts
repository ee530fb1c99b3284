import { describe, expect, it } from 'vitest';
import { parsePocketsphinxJson, parsePocketsphinxOutput } from '../../src/transcribers/pocketsphinx/parse-pocketsphinx-output.js';
import { estimateTurns, type TimedSegment } from '../../src/transcribers/turns.js';
import { wordErrorRate } from '../support/wer.js';

const seg = (startMs: number, endMs: number, text: string, pitchHz?: number): TimedSegment => ({ startMs, endMs, text, pitchHz });

describe('estimateTurns', () => {
  it('tells two voices apart by pitch even without pauses, and merges consecutive segments', () => {
    const { utterances, method } = estimateTurns(
      [seg(0, 1000, 'hello there', 210), seg(1100, 2000, 'how are you', 220), seg(2100, 3000, 'fine thanks', 110), seg(3100, 4000, 'and you', 205)],
      { turnGapMs: 800 },
    );
    expect(method).toBe('pitch');
    expect(utterances.map((u) => [u.speaker, u.text, u.startMs, u.endMs])).toEqual([
      ['Speaker 1', 'hello there how are you', 0, 2000],
      ['Speaker 2', 'fine thanks', 2100, 3000],
      ['Speaker 1', 'and you', 3100, 4000],
    ]);
  });

  it('falls back to alternating on long pauses when pitches are alike or unknown', () => {
    const { utterances, method } = estimateTurns(
      [seg(0, 1000, 'one', 120), seg(1200, 2000, 'two', 125), seg(3000, 4000, 'three', 118), seg(5500, 6000, 'four')],
      { turnGapMs: 800 },
    );
    expect(method).toBe('pauses');
    expect(utterances.map((u) => [u.speaker, u.text])).toEqual([
      ['Speaker 1', 'one two'],
      ['Speaker 2', 'three'],
      ['Speaker 1', 'four'],
    ]);
  });

  it('does not split one voice whose pitch drifts a little', () => {
    const { method } = estimateTurns([seg(0, 1000, 'a', 120), seg(1100, 2000, 'b', 150), seg(2100, 3000, 'c', 125), seg(3100, 4000, 'd', 147)], { turnGapMs: 800 });
    expect(method).toBe('pauses');
  });

  it('keeps unmeasured segments with the previous speaker and drops empty text', () => {
    const { utterances } = estimateTurns([seg(0, 1000, 'hi', 220), seg(1100, 1200, 'uh'), seg(1300, 2000, '  '), seg(2100, 3000, 'yes', 110)], { turnGapMs: 800 });
    expect(utterances.map((u) => [u.speaker, u.text])).toEqual([
      ['Speaker 1', 'hi uh'],
      ['Speaker 2', 'yes'],
    ]);
  });
});

describe('parsePocketsphinxOutput', () => {
  it('reads words with ms timings, drops fillers and alternative-pronunciation marks', () => {
    const stdout = [
      'ah i',
      '<s> 0.000 0.050 0.999800',
      'ah 0.060 0.360 0.903290',
      'i 0.370 0.840 0.999900',
      '</s> 0.850 1.020 1.000000',
      'and you so much',
      '<s> 1.050 1.090 0.998900',
      'and(2) 1.100 1.440 0.710818',
      '<sil> 1.450 1.500 0.395459',
      '[NOISE] 1.510 1.600 0.395459',
      'you 1.610 1.940 0.894838',
      '</s> 1.950 2.100 1.000000',
      '<s> 3.000 3.100 1.000000',
      '</s> 3.100 3.500 1.000000',
    ].join('\n');
    expect(parsePocketsphinxOutput(stdout)).toEqual([
      { startMs: 60, endMs: 840, words: [{ text: 'ah', startMs: 60, endMs: 360 }, { text: 'i', startMs: 370, endMs: 840 }] },
      { startMs: 1100, endMs: 1940, words: [{ text: 'and', startMs: 1100, endMs: 1440 }, { text: 'you', startMs: 1610, endMs: 1940 }] },
    ]);
  });
});

describe('parsePocketsphinxJson (PocketSphinx 5 `live` output)', () => {
  it('reads JSON lines with begin/duration in seconds', () => {
    const stdout = [
      '{"b":0.240,"d":1.000,"p":0.000,"t":"mr john","w":[{"b":0.240,"d":0.070,"p":1.000,"t":"<s>"},{"b":0.310,"d":0.320,"p":0.997,"t":"mr"},{"b":0.630,"d":0.400,"p":0.897,"t":"john(2)"},{"b":1.030,"d":0.210,"p":1.000,"t":"</s>"}]}',
      'not json',
      '{"b":0.000,"d":0.010,"p":1.000,"t":"","w":[]}',
    ].join('\n');
    expect(parsePocketsphinxJson(stdout)).toEqual([
      { startMs: 310, endMs: 1030, words: [{ text: 'mr', startMs: 310, endMs: 630 }, { text: 'john', startMs: 630, endMs: 1030 }] },
    ]);
  });
});

describe('wordErrorRate', () => {
  it('counts substitutions, deletions and insertions over reference words, ignoring case and punctuation', () => {
    expect(wordErrorRate("Hi! I'm a composer.", "hi i'm a composer")).toBe(0);
    expect(wordErrorRate('the cat sat on the mat', 'the cat sat on mat')).toBeCloseTo(1 / 6);
    expect(wordErrorRate('a b c d', 'a x c d e')).toBeCloseTo(2 / 4);
  });
});
