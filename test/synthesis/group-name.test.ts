import { describe, expect, it } from 'vitest';
import { themeName, themeStatement } from '../../src/analyzers/local/semantic/name.js';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { uuid } from '../analysis/support.js';

/**
 * A study theme is named by what its participants do with its concept ("Writing short stories")
 * when one action is said by several of them and clearly more than any other, not "Experiences
 * with stories". (An action done to only one of two concepts a name lists does not name it:
 * theme-groups.test.ts keeps "writers and authors" whole.)
 */
function project(writers: number): SynthesisInput {
  let n = 0;
  const people = 16;
  const person = (i: number) => uuid(26100 + i);
  const iv = (i: number) => uuid(26200 + i);
  const evidence: SynthesisInput['evidence'] = [];
  const codes: SynthesisInput['codes'] = [];
  const ev = (i: number, verbatim: string) => {
    n++;
    const e = { id: uuid(26300 + n), interviewId: iv(i), personId: person(i), key: `g${String(n).padStart(4, '0')}`, verbatim, gist: verbatim, confidence: 0.6, facets: [], question: '' };
    evidence.push(e);
    return e;
  };
  for (let i = 0; i < people; i++) {
    const units = i < writers
      ? [ev(i, `Most evenings I write short stories for the local magazine, issue ${i}.`), ev(i, `The stories in my collection are mostly about the sea and the harbour, note ${i}.`)]
      : i < 8 ? [ev(i, `My favourite stories are the ones my grandmother told, memory ${i}.`), ev(i, `The stories in my collection are mostly about the sea and the harbour, note ${i}.`)] : [];
    if (units.length > 0) {
      const name = themeName('stories', null);
      codes.push({ interviewId: iv(i), name, statement: themeStatement(name, 'stories', units[0]!.verbatim), evidenceIds: units.map((u) => u.id) });
    }
    ev(i, `We moved to a bigger flat near the river last spring, year ${i}.`);
  }
  return {
    projectId: uuid(26999), questions: [], customInstructions: null, answers: [],
    interviews: Array.from({ length: people }, (_, i) => ({ id: iv(i), key: `iv${i}`, title: `iv${i}` })),
    participants: Array.from({ length: people }, (_, i) => ({ personId: person(i), interviewId: iv(i), key: `iv${i}/p`, name: 'p', evidenceCount: 3, facetCounts: {} })),
    evidence,
    codes,
  };
}

describe('study theme names say what participants do with the concept', () => {
  it('names a theme by the action several participants take, with the modifier they say', () => {
    const names = synthesizeLocal(project(4)).themes.map((t) => t.name);
    expect(names, names.join('; ')).toContain('Writing short stories');
  });
});
