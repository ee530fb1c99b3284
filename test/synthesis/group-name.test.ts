import { describe, expect, it } from 'vitest';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { studyBuilder } from '../support/study-builder.js';

/**
 * A study theme is named by what its participants do with its concept ("Writing short stories")
 * when one action is said by several of them and clearly more than any other, not "Experiences
 * with stories". (An action done to only one of two concepts a name lists does not name it:
 * theme-groups.test.ts keeps "writers and authors" whole.)
 */
function project(writers: number): SynthesisInput {
  const people = 16;
  const { ev, code, input } = studyBuilder(26000, 'g');
  for (let i = 0; i < people; i++) {
    const units = i < writers
      ? [ev(i, `Most evenings I write short stories for the local magazine, issue ${i}.`), ev(i, `The stories in my collection are mostly about the sea and the harbour, note ${i}.`)]
      : i < 8 ? [ev(i, `My favourite stories are the ones my grandmother told, memory ${i}.`), ev(i, `The stories in my collection are mostly about the sea and the harbour, note ${i}.`)] : [];
    if (units.length > 0) code(i, 'stories', units);
    ev(i, `We moved to a bigger flat near the river last spring, year ${i}.`);
  }
  return input(people, 3);
}

describe('study theme names say what participants do with the concept', () => {
  it('names a theme by the action several participants take, with the modifier they say', () => {
    const names = synthesizeLocal(project(4)).themes.map((t) => t.name);
    expect(names, names.join('; ')).toContain('Writing short stories');
  });
});
