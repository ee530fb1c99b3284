import { describe, expect, it } from 'vitest';
import { compoundsOf, compoundTitle, specificModifier } from '../../src/analyzers/local/synthesis/compounds.js';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { studyBuilder } from '../support/study-builder.js';

/**
 * A kind of a concept that several participants name ("photo editing" of "editing") is a theme of
 * its own, titled by itself rather than "Experiences with editing" (compounds.ts): synthetic units.
 */
function project(): SynthesisInput {
  const people = 12;
  const { ev, code, input } = studyBuilder(28000);
  for (let i = 0; i < people; i++) {
    // four participants talk about photo editing, the others about editing in general
    if (i < 4) code(i, 'editing', [ev(i, `Photo editing takes most of my evenings since the shop opened, week ${i}.`), ev(i, `My photo editing got faster after the evening course, lesson ${i}.`)]);
    else if (i < 8) code(i, 'editing', [ev(i, `Editing is the slowest stage of every piece I deliver, note ${i}.`), ev(i, `The editing always runs late when deadlines pile up, case ${i}.`)]);
    // everyone says how useful things are: "useful" grades, it names no kind of thing
    ev(i, `The useful tools are very useful and the manual is really useful too, remark ${i}.`);
  }
  return input(people, 3);
}

describe('compound concepts', () => {
  it('finds a named kind of a concept, not a graded adjective', () => {
    const input = project();
    const found = compoundsOf(input.evidence, new Set(['editing', 'tool']), input.participants.length);
    expect(found.map((x) => x.surface)).toEqual(['photo editing']);
    expect(found[0]!.head).toBe('editing');
    expect(found[0]!.people).toBe(4);
  });

  it('takes a modifier as a kind when it classifies: a noun said as one, an adjective seldom graded and not said with anything', () => {
    const use = { heads: new Set(['task']), uses: 6, noun: 0, all: 6, graded: 0, adj: 6 };
    expect(specificModifier({ pos: 'ADJ', lemma: 'administrative' }, use)).toBe(true);
    expect(specificModifier({ pos: 'ADJ', lemma: 'useful' }, { ...use, graded: 3 })).toBe(false);
    expect(specificModifier({ pos: 'ADJ', lemma: 'specific' }, { ...use, heads: new Set(['a', 'b', 'c', 'd', 'e']) })).toBe(false);
    expect(specificModifier({ pos: 'NOUN', lemma: 'photo' }, { ...use, noun: 6 })).toBe(true);
    expect(specificModifier({ pos: 'NOUN', lemma: 'right' }, { ...use, noun: 1 })).toBe(false);
  });

  it('titles a compound as a researcher would: own, plural, definite or as said', () => {
    expect(compoundTitle('their creative process', ['their'])).toBe('Their creative process');
    expect(compoundTitle('short stories', [''])).toBe('Short stories');
    expect(compoundTitle('design process', ['the', 'the', ''])).toBe('The design process');
    expect(compoundTitle('typical project', ['a', 'a', 'the', ''])).toBe('Typical projects');
    expect(compoundTitle('photo editing', ['', ''])).toBe('Photo editing');
    expect(compoundTitle('creative process', ['their', 'their', 'the', ''])).toBe('Their creative process');
  });

  it('titles a compound as said when no unit said it with or without a determiner (no forms seen)', () => {
    // no "a" was seen, so nothing says it is a count noun: not the plural (0 of 0 is no share)
    expect(compoundTitle('photo editing', [])).toBe('Photo editing');
    expect(compoundTitle('design process', [])).toBe('Design process');
  });

  it('makes the kind a study theme titled by itself, holding only units that say it', () => {
    const input = project();
    const out = synthesizeLocal(input);
    const byId = new Map(input.evidence.map((e) => [e.id, e.verbatim]));
    const names = out.themes.map((t) => `${t.name} (${t.participants})`).join('; ');
    const kind = out.themes.find((t) => t.name === 'Photo editing');
    expect(kind, names).toBeDefined();
    expect(kind!.participants).toBe(4);
    expect(kind!.evidence.every((x) => /photo editing/iu.test(byId.get(x.evidenceId)!)), names).toBe(true);
    // the general theme of the noun no longer holds them
    for (const t of out.themes.filter((x) => x !== kind)) {
      expect(t.evidence.some((x) => /photo editing/iu.test(byId.get(x.evidenceId)!)), `${t.name}: ${names}`).toBe(false);
    }
  });
});
