import { describe, expect, it } from 'vitest';
import { segmentUtterance } from '../../src/analyzers/local/segment.js';
import type { Utterance } from '../../src/domain/transcript.js';

const utterance = (text: string): Utterance => ({ id: 'u1', index: 1, speaker: 'User', role: 'participant', startMs: 0, endMs: 10_000, text, timing: 'estimated' });
const units = (text: string) => segmentUtterance(utterance(text)).map((u) => u.text);

describe('evidence units are complete thoughts (issue 15)', () => {
  it('keeps a sentence that points back ("That means...", "Because...") with the sentence it needs', () => {
    expect(units("I'm a media composer for film and television. That means I write music for film, tv and installations.")).toEqual([
      "I'm a media composer for film and television. That means I write music for film, tv and installations.",
    ]);
    expect(units('I stopped using the scheduling tool last spring entirely. Because it kept double booking my clients every week.')).toHaveLength(1);
  });

  it('still splits independent sentences, and never makes a unit past the size limit', () => {
    expect(units('I record every session on my own laptop at home. My clients send their feedback by email the next day.')).toHaveLength(2);
    const long = `${'I write long detailed notes about every single recording session I run for my clients each week. '.repeat(2)}That is why my notebooks fill up so very quickly every single month of the year.`;
    for (const u of units(long)) expect(u.split(/\s+/).length).toBeLessThanOrEqual(45);
  });
});
