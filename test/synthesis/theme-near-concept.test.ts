import { describe, expect, it } from 'vitest';
import { themeName, themeStatement } from '../../src/analyzers/local/semantic/name.js';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { uuid } from '../analysis/support.js';

/**
 * A study theme groups concepts close in meaning but holds only units saying what its name says,
 * or a near-synonym of it (theme-groups.ts, `near`): a neighbouring subject ("editors" next to
 * "writers", word vectors 0.76) is not what "Experiences with writers" says, a near-synonym
 * ("authors", 0.86) is.
 */
function project(): SynthesisInput {
  let n = 0;
  const people = 20;
  const person = (i: number) => uuid(26100 + i);
  const iv = (i: number) => uuid(26200 + i);
  const evidence: SynthesisInput['evidence'] = [];
  const codes: SynthesisInput['codes'] = [];
  const ev = (i: number, verbatim: string) => {
    n++;
    const e = { id: uuid(26300 + n), interviewId: iv(i), personId: person(i), key: `k${String(n).padStart(4, '0')}`, verbatim, gist: verbatim, confidence: 0.6, facets: [], question: '' };
    evidence.push(e);
    return e;
  };
  const code = (i: number, surface: string, units: { id: string; verbatim: string }[]) => {
    const name = themeName(surface, null);
    codes.push({ interviewId: iv(i), name, statement: themeStatement(name, surface, units[0]!.verbatim), evidenceIds: units.map((u) => u.id) });
  };
  for (let i = 0; i < people; i++) {
    if (i < 6) code(i, 'writers', [ev(i, `The writers I hire for the blog deliver faster now, batch ${i}.`), ev(i, `Most of my writers start with rough outlines on paper, set ${i}.`)]);
    else if (i < 8) code(i, 'editors', [ev(i, `The editors at the paper send everything back twice, round ${i}.`)]);
    else if (i < 10) code(i, 'authors', [ev(i, `The authors from the fair took me days to answer, lot ${i}.`)]);
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
