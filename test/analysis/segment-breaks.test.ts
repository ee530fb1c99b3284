import { describe, expect, it } from 'vitest';
import { segmentUtterance } from '../../src/analyzers/local/segment.js';
import { sentences } from '../../src/analyzers/local/nlp.js';
import type { Utterance } from '../../src/domain/transcript.js';

const utterance = (text: string): Utterance => ({ id: 'u1', index: 1, speaker: 'Guest', role: 'participant', startMs: 0, endMs: 10_000, text, timing: 'estimated' });
const units = (text: string) => segmentUtterance(utterance(text)).map((u) => u.text);
const split = (text: string) => sentences(text).map((s) => s.text);

describe('no sentence break inside a token or right after a quotation (evidence quotes start at a sentence start)', () => {
  it('keeps domain names, paths, file names and abbreviations whole', () => {
    expect(split('The API is open and free to use. So unsplash.com/developers is where all that info is.')).toEqual([
      'The API is open and free to use.',
      'So unsplash.com/developers is where all that info is.',
    ]);
    expect(split('We are on sites such as Nuxt.js and CodeFund.io right now. It has a package.json that lists everything.')).toEqual([
      'We are on sites such as Nuxt.js and CodeFund.io right now.',
      'It has a package.json that lists everything.',
    ]);
    expect(split('The .NET Foundation started very small. My parents both have a Ph.D in physics.')).toHaveLength(2);
    expect(split('We moved to v1.2 last year, e.g. the new API, vs. the old one at 3.5 percent.')).toHaveLength(1);
  });

  it('ends a quotation with its closing mark and continues a sentence the quotation sits in', () => {
    expect(split('I was like "What?!" It was just weird that other people were asking.')).toEqual([
      'I was like "What?!"',
      'It was just weird that other people were asking.',
    ]);
    expect(split('Once I got there I said "How\'s it going?", I said "Would you be willing to sell?" and he did.')).toHaveLength(1);
  });

  it('makes no evidence unit that starts inside a domain name, and quotes stay verbatim', () => {
    const text = 'We wanted to give credit to every photographer on the platform. Unsplash.com covers single use of a photo, so I need a photo for my app.';
    const got = units(text);
    for (const u of got) {
      expect(text).toContain(u);
      expect(u).toMatch(/^[A-Z]/);
    }
    expect(got.join(' ')).toContain('Unsplash.com covers single use of a photo');
  });

  it('still splits ordinary sentences, and keeps lower-case sentence starts of writers who write in lower case', () => {
    expect(split('we raised money last year. then we hired three people. It was great.')).toEqual([
      'we raised money last year.',
      'then we hired three people.',
      'It was great.',
    ]);
  });
});
