import { describe, expect, it } from 'vitest';
import { tokens } from '../../src/analyzers/local/nlp.js';
import { actionOf } from '../../src/analyzers/local/semantic/action-phrase.js';
import { actedOn } from '../../src/analyzers/local/semantic/object-form.js';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { studyBuilder } from '../support/study-builder.js';

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
  const people = 12;
  const { ev, code, input } = studyBuilder(27000, 'a');
  for (let i = 0; i < people; i++) {
    if (i < 8) {
      code(i, 'research', [ev(i, i < doers ? `Before every shoot I do a lot of research on the location, shoot ${i}.` : `The research on old maps was fascinating to read, map ${i}.`),
        ev(i, `The research budget for the museum was small that year, budget ${i}.`)]);
    }
    ev(i, `We moved to a bigger flat near the river last spring, year ${i}.`);
  }
  return input(people, 3);
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
