import { describe, expect, it } from 'vitest';
import { gistOf } from '../../src/analyzers/local/gist.js';

describe('gist: the main clause, extracted', () => {
  it('drops lead-ins and subordinate clauses and keeps the clause saying the most', () => {
    expect(gistOf('Honestly, I think that the export step is broken, because it hangs.')).toBe('The export step is broken');
    expect(gistOf('Yeah. So we moved the whole team to a four-day week last spring; it was hard.')).toBe('We moved the whole team to a four-day week last spring');
  });

  it('is a whole clause of the text, never the quote cut off with an ellipsis', () => {
    const text = 'There were a few companies doing it at the time, but none super-large... So we just de facto started doing that ourselves.';
    const g = gistOf(text);
    expect(g.endsWith('…')).toBe(false);
    expect(text.toLowerCase()).toContain(g.toLowerCase());
  });

  it('keeps a short unit as it is', () => {
    expect(gistOf('It works.')).toBe('It works.');
  });
});
