import { describe, expect, it } from 'vitest';
import { normalizeWithMap, spannedTokens } from '../../src/verbatim-guard/normalize.js';

/**
 * The verbatim guard's normalisation: ASCII takes a fast path (runs of letters and digits), every
 * other character the Unicode one; both must give the same text and offsets as one rule would.
 */
describe('normalizeWithMap', () => {
  it('lower-cases, joins across apostrophes, collapses everything else to one space, and maps every character back', () => {
    const original = "  Don't STOP—Café’s 2nd `take`:  ÉTÉ ßtraße 😀 x9, İz!";
    const n = normalizeWithMap(original);
    expect(n.text).toBe('dont stop cafés 2nd take été ßtraße x9 i̇z');
    expect(n.map).toHaveLength(n.text.length);
    // each word maps back to the original characters it came from (astral characters keep their offsets)
    expect(spannedTokens(original).map((t) => original.slice(t.start, t.end))).toEqual(
      ["Don't", 'STOP', 'Café’s', '2nd', 'take', 'ÉTÉ', 'ßtraße', 'x9', 'İz'],
    );
    // "İ" lower-cases to two characters, both mapped to the one original character
    const i = n.text.indexOf('i̇z');
    expect([n.map[i], n.map[i + 1], n.map[i + 2]]).toEqual([original.indexOf('İz'), original.indexOf('İz'), original.indexOf('İz') + 1]);
  });

  it('gives no text for punctuation and joiners only', () => {
    expect(normalizeWithMap(" ' ` — … ").text).toBe('');
  });
});
