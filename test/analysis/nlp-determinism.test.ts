import { describe, expect, it } from 'vitest';
import { clearNlpCache, sentences } from '../../src/analyzers/local/nlp.js';

describe('sentence splitting depends on the text alone', () => {
  it('splits a sentence ending in an ellipsis the same before and after wink has read its words', () => {
    const text = 'There were a few companies doing it at the time, but none super-large... So we just de facto started doing that.';
    const split = () => sentences(text).map((s) => [s.start, s.end, s.tokens.map((t) => t.text).join(' ')]);
    clearNlpCache();
    const fresh = split();
    // wink grows its lexicon with the unknown words it reads
    for (let i = 0; i < 3; i++) sentences(`They were super-large${'.'.repeat(i + 2)} and super-large… again, super-large.`);
    clearNlpCache();
    expect(split()).toEqual(fresh);
    for (const [start, end] of fresh) expect(text.slice(start as number, end as number).trim().length).toBeGreaterThan(0);
  });
});
