import { describe, expect, it } from 'vitest';
import { tokens } from '../../src/analyzers/local/nlp.js';
import { actionOf } from '../../src/analyzers/local/semantic/action-phrase.js';
import { actedOn } from '../../src/analyzers/local/semantic/object-form.js';
import { themeName, themeStatement } from '../../src/analyzers/local/semantic/name.js';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { uuid } from './support.js';

/**
 * A study theme no shared verb names is named by the action (or stance) the most participants
 * say with its concept, when at least three do ("Doing research"), not "Experiences with research".
 */
describe('what participants do with a concept', () => {
  const act = (s: string, key: string) => actionOf(tokens(s), key);

  it('reads the verb before the concept, through a quantity or the verb\'s own object', () => {
    expect(act('I do a lot of research before a shoot.', 'research')).toMatchObject({ key: 'do', lead: 'doing' });
    expect(act('I mostly use ChatGPT for research.', 'research')).toMatchObject({ key: 'use _ for', lead: 'using', object: 'chatgpt' });
    expect(act('We work on projects for clients.', 'project')).toMatchObject({ key: 'work on', lead: 'working on' });
    expect(act('I really worry about costs.', 'cost')).toMatchObject({ key: '~worry', lead: 'Worries about', stance: true });
  });

  it('not a verb whose point is the state it leaves the concept in, nor a misread modifier', () => {
    expect(act('It made the process so much faster.', 'process')).toBeNull();
    expect(act('It makes the process easier.', 'process')).toBeNull();
    expect(act('I have been in open source for years.', 'source')).toBeNull();
    expect(act('I contribute to open source.', 'source')).toBeNull();
    expect(act('I want to write code.', 'code')).toMatchObject({ lead: 'writing' });
    expect(act('We do startups.', 'startup')).toBeNull();
    expect(act('Our recurring revenue doubled last year.', 'revenue')).toBeNull();
    expect(act('The research is fine.', 'research')).toBeNull();
  });

  it('the concept as who acts, with what it acts on', () => {
    expect(act("My colleagues don't really use AI in their work.", 'colleague')).toMatchObject({ lead: 'not using', object: 'ai' });
  });
});

function project(doers: number): SynthesisInput {
  let n = 0;
  const people = 12;
  const person = (i: number) => uuid(27100 + i);
  const iv = (i: number) => uuid(27200 + i);
  const evidence: SynthesisInput['evidence'] = [];
  const codes: SynthesisInput['codes'] = [];
  const ev = (i: number, verbatim: string) => {
    n++;
    const e = { id: uuid(27300 + n), interviewId: iv(i), personId: person(i), key: `a${String(n).padStart(4, '0')}`, verbatim, gist: verbatim, confidence: 0.6, facets: [], question: '' };
    evidence.push(e);
    return e;
  };
  for (let i = 0; i < people; i++) {
    const units = i < 8
      ? [ev(i, i < doers ? `Before every shoot I do a lot of research on the location, shoot ${i}.` : `The research on old maps was fascinating to read, map ${i}.`),
        ev(i, `The research budget for the museum was small that year, budget ${i}.`)]
      : [];
    if (units.length > 0) {
      const name = themeName('research', null);
      codes.push({ interviewId: iv(i), name, statement: themeStatement(name, 'research', units[0]!.verbatim), evidenceIds: units.map((u) => u.id) });
    }
    ev(i, `We moved to a bigger flat near the river last spring, year ${i}.`);
  }
  return {
    projectId: uuid(27999), questions: [], customInstructions: null, answers: [],
    interviews: Array.from({ length: people }, (_, i) => ({ id: iv(i), key: `iv${i}`, title: `iv${i}` })),
    participants: Array.from({ length: people }, (_, i) => ({ personId: person(i), interviewId: iv(i), key: `iv${i}/p`, name: 'p', evidenceCount: 3, facetCounts: {} })),
    evidence,
    codes,
  };
}

describe('study theme named by what its participants do', () => {
  it('names the theme by an action three participants say, not by the concept alone', () => {
    const names = synthesizeLocal(project(3)).themes.map((t) => t.name);
    expect(names, names.join('; ')).toContain('Doing research');
    expect(names.some((x) => /^Experiences with/u.test(x)), names.join('; ')).toBe(false);
  });

  it('keeps the concept name when only two say it', () => {
    const names = synthesizeLocal(project(2)).themes.map((t) => t.name);
    expect(names, names.join('; ')).toContain('Experiences with research');
  });
});

describe('the concept as the object of an action', () => {
  const units = (...xs: string[]) => xs.map((verbatim) => ({ verbatim }));
  it('a bare singular gets "a" when the units doing it say it so', () => {
    expect(actedOn(units('I started a business in my twenties.', 'We started a business together.', 'I started the business with savings.'), 'business', 'business')).toBe('a business');
    expect(actedOn(units('I do research every day.', 'We do research on site.'), 'research', 'research')).toBe('research');
    expect(actedOn(units('I build a product.', 'We build a product.'), 'product', 'products')).toBe('products');
    expect(actedOn(units('I grow a garden.'), 'garden', 'their garden')).toBe('their garden');
  });
});
