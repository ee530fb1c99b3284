import { describe, expect, it } from 'vitest';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { studyBuilder } from '../support/study-builder.js';

/**
 * A study theme groups concepts close in meaning but holds only units saying what its name says,
 * or a near-synonym of it (theme-groups.ts, `near`): a neighbouring subject ("editors" next to
 * "writers", word vectors 0.76) is not what "Experiences with writers" says, a near-synonym
 * ("authors", 0.86) is.
 */
function project(): SynthesisInput {
  const people = 20;
  const { ev, code, input } = studyBuilder(26000);
  for (let i = 0; i < people; i++) {
    if (i < 6) code(i, 'writers', [ev(i, `The writers I hire for the blog deliver faster now, batch ${i}.`), ev(i, `Most of my writers start with rough outlines on paper, set ${i}.`)]);
    else if (i < 8) code(i, 'editors', [ev(i, `The editors at the paper send everything back twice, round ${i}.`)]);
    else if (i < 10) code(i, 'authors', [ev(i, `The authors from the fair took me days to answer, lot ${i}.`)]);
    ev(i, `We moved to a bigger flat near the river last spring, year ${i}.`);
  }
  return input(people, 3);
}

describe('a study theme holds near-synonyms of its name, not neighbouring subjects', () => {
  it('keeps the authors quotes in the writers theme and leaves the editors quotes out', () => {
    const input = project();
    const out = synthesizeLocal(input);
    const byId = new Map(input.evidence.map((e) => [e.id, e.verbatim]));
    const writers = out.themes.find((t) => /writers/u.test(t.name));
    expect(writers, out.themes.map((t) => t.name).join('; ')).toBeDefined();
    expect(writers!.name).not.toMatch(/editors/u);
    const quotes = writers!.evidence.map((x) => byId.get(x.evidenceId)!);
    expect(quotes.filter((q) => /authors/u.test(q))).toHaveLength(2);
    expect(quotes.filter((q) => /editors/u.test(q))).toHaveLength(0);
    expect(out.themes.some((t) => t.evidence.some((x) => /editors/u.test(byId.get(x.evidenceId)!)))).toBe(false);
  });

  it('takes the neighbouring subject in when asked to count it as said (near 0.6)', () => {
    const input = project();
    const out = synthesizeLocal(input, { themes: { groups: { near: 0.6 } } });
    const byId = new Map(input.evidence.map((e) => [e.id, e.verbatim]));
    const writers = out.themes.find((t) => /writers/u.test(t.name));
    expect(writers!.evidence.filter((x) => /editors/u.test(byId.get(x.evidenceId)!))).toHaveLength(2);
  });
});
