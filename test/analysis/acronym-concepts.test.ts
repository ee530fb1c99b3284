import { describe, expect, it } from 'vitest';
import { acronymsOf, withAcronyms } from '../../src/analyzers/local/semantic/acronym.js';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { studyBuilder } from '../support/study-builder.js';

// Synthetic speech written for this test: a study whose frame topic is an acronym ("AI").
function project(said: string[][]): SynthesisInput {
  const { ev, input } = studyBuilder(26000, 'a');
  said.forEach((units, i) => units.forEach((verbatim) => ev(i, verbatim)));
  return input(said.length, 2); // each participant says two units
}

describe('acronyms are words', () => {
  it('a short word written in capitals more often than not is an acronym; "IT" among many "it" is not', () => {
    expect([...acronymsOf(['We asked HR and the UX team.', 'UX reviews take a week.', 'ux matters.']).keys()].sort()).toEqual(['hr', 'ux']);
    expect(acronymsOf(['IT helped.', 'it was fine and it worked', 'OK, sure.']).size).toBe(0);
    expect(withAcronyms('Using ux research and hr', new Set(['ux', 'hr']))).toBe('Using UX research and HR');
    expect(withAcronyms('Experiences with apis', new Set(['api']))).toBe('Experiences with APIs');
  });

  it('the study frame topic, an acronym nearly everyone says, is split by what is done with it; the rest of it is no theme', () => {
    const input = project([
      ['I use AI to draft my weekly newsletter for the members.', 'AI is everywhere in our office now, whatever the team.'],
      ['We use AI to summarise the long quarterly reports.', 'AI is a big topic at work lately for everybody.'],
      ['I use AI to check the spelling of my letters.', 'My manager talks about AI every single day.'],
      ['Honestly AI is part of every meeting we have.', 'My sister thinks AI will change her school.'],
      ['AI comes up in every conversation I have.', 'Our neighbours argue about AI at dinner.'],
    ]);
    const out = synthesizeLocal(input);
    const byId = new Map(input.evidence.map((e) => [e.id, e.verbatim]));
    const using = out.themes.find((t) => t.name === 'Using AI');
    expect(using, out.themes.map((t) => t.name).join('; ')).toBeDefined();
    expect(using!.evidence.map((x) => byId.get(x.evidenceId)).every((v) => /\buse AI\b/u.test(v!))).toBe(true);
    expect(using!.participants).toBe(3);
    // said by every participant with nothing more said of it: too generic to be a theme
    const themed = new Set(out.themes.flatMap((t) => t.evidence.map((x) => byId.get(x.evidenceId))));
    expect(themed.has('AI comes up in every conversation I have.')).toBe(false);
  });
});
