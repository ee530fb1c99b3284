import { themeName, themeStatement } from '../../src/analyzers/local/semantic/name.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { uuid } from '../analysis/support.js';

type Facets = SynthesisInput['evidence'][number]['facets'];

/**
 * Builds a small SynthesisInput for study-theme tests: `ev` adds a unit said by participant i
 * (with facets if given),
 * `code` codes units under a concept named like the local analyzer names it, `input` wraps them.
 * Ids are uuid(base + 100 + i) for people, base + 200 + i for interviews, base + 300 + n for units.
 */
export function studyBuilder(base: number, keyPrefix = 'k') {
  let n = 0;
  const person = (i: number) => uuid(base + 100 + i);
  const iv = (i: number) => uuid(base + 200 + i);
  const evidence: SynthesisInput['evidence'] = [];
  const codes: SynthesisInput['codes'] = [];
  const ev = (i: number, verbatim: string, facets: Facets = []) => {
    n++;
    const e = { id: uuid(base + 300 + n), interviewId: iv(i), personId: person(i), key: `${keyPrefix}${String(n).padStart(4, '0')}`, verbatim, gist: verbatim, confidence: 0.6, facets, question: '' };
    evidence.push(e);
    return e;
  };
  const code = (i: number, surface: string, units: { id: string; verbatim: string }[]) => {
    const name = themeName(surface, null);
    codes.push({ interviewId: iv(i), name, statement: themeStatement(name, surface, units[0]!.verbatim), evidenceIds: units.map((u) => u.id) });
  };
  const input = (people: number, evidenceCount: number): SynthesisInput => ({
    projectId: uuid(base + 999), questions: [], customInstructions: null, answers: [],
    interviews: Array.from({ length: people }, (_, i) => ({ id: iv(i), key: `iv${i}`, title: `iv${i}` })),
    participants: Array.from({ length: people }, (_, i) => ({ personId: person(i), interviewId: iv(i), key: `iv${i}/p`, name: 'p', evidenceCount, facetCounts: {} })),
    evidence,
    codes,
  });
  return { ev, code, input };
}
