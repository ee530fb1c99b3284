import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords } from '../../src/transcript-formats/text.js';

/** The definition countWords implements in one pass. */
const byRegex = (text: string) => text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;

const PIECES = ['word', 'Ünïcödé', '日本語', 'AI’s', "don't", '-', "'", '’', '--', 'e-mail', '42', '3.5', ' ', '\n', '—', '😀', '𝒳', '\uD800', '\uDC00', 'ß', 'Ω', '١٢', '_', '…'];

describe('countWords', () => {
  it('counts the matches of [\\p{L}\\p{N}][\\p{L}\\p{N}\'’-]*, on any text', () => {
    for (const t of ['', ' ', "I don't know - it's AI’s job", '-abc', "'quoted' words", 'x--y', '😀 emoji 😀x', '𝒳𝒳 math', 'ab\uD800cd']) {
      expect(countWords(t)).toBe(byRegex(t));
    }
    fc.assert(fc.property(
      fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((a) => a.join(''))),
      (t) => countWords(t) === byRegex(t),
    ), { numRuns: 2_000 });
  });
});
