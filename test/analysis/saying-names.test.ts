import { describe, expect, it } from 'vitest';
import { tokens } from '../../src/analyzers/local/nlp.js';
import { clausePhrase, sayingOf } from '../../src/analyzers/local/semantic/saying.js';
import { conceptOfName, conceptOfStatement, themeStatement } from '../../src/analyzers/local/semantic/name.js';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { uuid } from './support.js';

describe('theme names say what is said about the concept', () => {
  it('a stance or action toward the concept names it; a light verb or none does not', () => {
    expect(sayingOf(tokens('I really want better tools for this.'), 'tool', 'tools')).toMatchObject({ key: '~want', name: 'Wanting tools' });
    expect(sayingOf(tokens('We use the model to draft emails.'), 'model', 'models')).toMatchObject({ key: 'use', name: 'Using models' });
    expect(sayingOf(tokens('The model is fine.'), 'model', 'models')).toBeNull();
  });

  it('a clause becomes a phrase led by what is done, stopping where another clause starts', () => {
    const phrase = (s: string, key: string) => clausePhrase(s, tokens(s), key);
    expect(phrase('Honestly, I always check the code before I use it.', 'code')).toBe('Checking the code');
    expect(phrase('So I was writing the script and it was passed down from coworkers.', 'script')).toBe('Writing the script');
    // about the concept but saying nothing done with it: no phrase, the frame name stays
    expect(phrase('I think the code is fine.', 'code')).toBeNull();
    // whole words of the unit, at most eight, the first-person verb made a gerund
    expect(phrase('I spend most evenings reading long technical papers about distributed systems and databases.', 'paper'))
      .toBe('Spending most evenings reading long technical papers');
  });

  it('a statement gives back its concept when the name does not', () => {
    const st = themeStatement('Writing emails', 'emails', 'I write emails with it.');
    expect(conceptOfName('Writing emails')).toBeNull();
    expect(conceptOfStatement(st)).toBe('emails');
    expect(conceptOfStatement('Some other statement')).toBeNull();
  });

  it('interview themes named by what is said still merge by concept across interviews', () => {
    let n = 0;
    const person = (i: number) => uuid(24100 + i);
    const iv = (i: number) => uuid(24200 + i);
    const ev = (i: number, verbatim: string) => {
      n++;
      return { id: uuid(24300 + n), interviewId: iv(i), personId: person(i), key: `s${String(n).padStart(4, '0')}`, verbatim, gist: verbatim, confidence: 0.6, facets: [], question: '' };
    };
    const evidence = [
      ev(0, 'I write my emails to customers with it every morning.'),
      ev(0, 'Most of my emails are drafted by the assistant first.'),
      ev(1, 'I write emails faster now than I used to.'),
      ev(1, 'Writing emails used to take me an hour a day.'),
    ];
    const input: SynthesisInput = {
      projectId: uuid(24999), questions: [], customInstructions: null, answers: [],
      interviews: [0, 1].map((i) => ({ id: iv(i), key: `iv${i}`, title: `iv${i}` })),
      participants: [0, 1].map((i) => ({ personId: person(i), interviewId: iv(i), key: `iv${i}/p`, name: 'p', evidenceCount: 2, facetCounts: {} })),
      evidence,
      codes: [
        { interviewId: iv(0), name: 'Writing emails', statement: themeStatement('Writing emails', 'emails', evidence[0]!.verbatim), evidenceIds: [evidence[0]!.id, evidence[1]!.id] },
        { interviewId: iv(1), name: 'Drafting emails faster', statement: themeStatement('Drafting emails faster', 'emails', evidence[2]!.verbatim), evidenceIds: [evidence[2]!.id, evidence[3]!.id] },
      ],
    };
    const out = synthesizeLocal(input);
    expect(out.themes).toHaveLength(1);
    expect(out.themes[0]!.participants).toBe(2);
    expect(out.themes[0]!.name).not.toMatch(/^Experiences with/u);
    expect(out.themes[0]!.name.toLowerCase()).toContain('email');
  });
});
