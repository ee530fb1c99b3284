import { describe, expect, it } from 'vitest';
import { themesFor } from '../../src/analyzers/local/themes.js';
import { conceptKey, mentions, stemmedText } from '../../src/analyzers/local/semantic/concept.js';
import { conceptOfName, conceptOfStatement, themeName } from '../../src/analyzers/local/semantic/name.js';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { FacetKind, StoredEvidence } from '../../src/domain/analysis.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { uuid } from './support.js';

let n = 0;
function ev(personId: string, verbatim: string, kinds: FacetKind[] = []): StoredEvidence {
  n++;
  return {
    id: uuid(20000 + n), personId, utteranceId: `u${n}`, verbatim, gist: verbatim, confidence: 0.6,
    facets: kinds.map((kind) => ({ kind, value: kind })), key: `c${String(n).padStart(4, '0')}`, speaker: 'User',
    startMs: n * 1000, endMs: n * 1000 + 500, anchor: 'interpolated',
  };
}

describe('concepts', () => {
  it('match plural, possessive and determiner forms of a phrase', () => {
    expect(conceptKey('their savings accounts')).toBe('saving account');
    expect(mentions(stemmedText("My savings account's rate dropped."), conceptKey('the savings account'))).toBe(true);
    expect(mentions(stemmedText('I save into an account.'), conceptKey('savings account'))).toBe(false);
  });

  it('a name gives back the concept it was built from; other names give none', () => {
    expect(conceptOfName(themeName('the landlord', 'pain'))).toBe('the landlord');
    expect(conceptOfName(themeName('family time', null))).toBe('family time');
    expect(conceptOfName('Slow data cleaning')).toBeNull();
  });
});

describe('emergent themes hold only evidence that says their concept', () => {
  const p = uuid(21000);
  const units = [
    'The mobile banking app keeps logging me out before I finish a transfer.',
    'Every transfer to my landlord needs a confirmation in the mobile banking app.',
    'The mobile banking app crashed twice this week while paying rent.',
    'Paying through the app is slow and it crashed again yesterday evening.',
    'My savings account pays almost no interest compared to other banks.',
    'I moved my savings account to a credit union for better interest.',
    'Interest on savings is so low that saving feels pointless.',
    'Our dog needs a long walk in the park every single evening.',
    'Walking the dog in the park is the best part of my evening.',
  ].map((t) => ev(p, t));

  it('every quote of a theme says what the theme is named after', () => {
    const themes = themesFor(units, []);
    expect(themes.length).toBeGreaterThanOrEqual(2);
    for (const t of themes) {
      // named by its frame ("Problems with X") or by what is said about X ("Writing X"): X is in its statement
      const key = conceptKey(conceptOfName(t.name) ?? conceptOfStatement(t.statement)!);
      for (const l of t.evidence) expect(mentions(stemmedText(units.find((u) => u.id === l.evidenceId)!.verbatim), key)).toBe(true);
    }
  });
});

describe('per-interview themes in another project', () => {
  it('are the same for the same speech under other ids and keys', () => {
    const p = uuid(23000);
    const said = ['The mobile banking app keeps logging me out.', 'The mobile banking app crashed twice this week.', 'My savings account pays no interest.',
      'I moved my savings account to a credit union.', 'Our dog needs a walk in the park.', 'Walking the dog in the park is the best part.'].map((t) => ev(p, t));
    const moved = said.map((e, i) => ({ ...e, id: uuid(23100 + i), personId: uuid(23099), key: `zz${9 - i}` }));
    const index = (ts: ReturnType<typeof themesFor>, evs: StoredEvidence[]) => ts.map((t) => [t.name, t.statement, t.evidence.map((l) => [evs.findIndex((e) => e.id === l.evidenceId), l.confidence])]);
    expect(index(themesFor(moved, []), moved)).toEqual(index(themesFor(said, []), said));
  });
});

describe('project themes from concept codes', () => {
  const iv = (i: number) => uuid(22000 + i);
  const person = (i: number) => uuid(22100 + i);
  const say = (i: number, text: string, kinds: FacetKind[] = []) => {
    const e = ev(person(i), text, kinds);
    return { id: e.id, interviewId: iv(i), personId: person(i), key: e.key, verbatim: text, gist: text, confidence: 0.6, facets: e.facets, question: '' };
  };
  const evidence = [
    say(0, 'Our landlord never answers when the heating breaks.', ['pain']),
    say(0, 'The landlord raised the rent twice this year.', ['pain']),
    say(0, 'I cook dinner for the kids most evenings.'),
    say(1, 'My landlord ignores every repair request I send.', ['pain']),
    say(1, 'We pay the landlord in cash, which feels odd.', ['pain']),
    say(2, 'Honestly the landlord is the worst part of renting here.', ['pain']),
    say(2, 'Cooking together is how our family unwinds.'),
  ];
  const input: SynthesisInput = {
    projectId: uuid(22999), questions: [], customInstructions: null, answers: [],
    interviews: [0, 1, 2].map((i) => ({ id: iv(i), key: `iv${i}`, title: `iv${i}` })),
    participants: [0, 1, 2].map((i) => ({ personId: person(i), interviewId: iv(i), key: `iv${i}/p`, name: 'p', evidenceCount: 2, facetCounts: {} })),
    evidence,
    codes: [
      // interview 0 and 1 name the same concept with different frames; interview 2 has no code for it
      { interviewId: iv(0), name: themeName('the landlord', 'pain'), statement: 's', evidenceIds: [evidence[0]!.id, evidence[1]!.id, evidence[2]!.id] },
      { interviewId: iv(1), name: themeName('their landlord', null), statement: 's', evidenceIds: [evidence[3]!.id, evidence[4]!.id] },
    ],
  };

  it('merge across interviews by concept, keep only units saying it, and take in other units that say it', () => {
    const out = synthesizeLocal(input);
    const theme = out.themes.find((t) => conceptOfName(t.name) !== null && conceptKey(conceptOfName(t.name)!) === 'landlord')!;
    expect(theme).toBeDefined();
    const ids = theme.evidence.map((e) => e.evidenceId);
    expect(ids).not.toContain(evidence[2]!.id); // in the code, but does not say "landlord"
    expect(ids).toContain(evidence[5]!.id); // no code held it, but it says "landlord"
    expect(theme.participants).toBe(3);
    expect(theme.name).toBe('Problems with landlords'); // a kind of thing, framed by what its units say
  });
});

describe('predicates and spoken forms', () => {
  it('finds the verb that governs a concept, skipping light verbs and verbs of another object', async () => {
    const { governingVerb, gerundOf, commonForm } = await import('../../src/analyzers/local/semantic/predicate.js');
    const { tokens } = await import('../../src/analyzers/local/nlp.js');
    expect(governingVerb(tokens('We finally built the community from scratch.'), 'community')?.gerund).toBe('building');
    expect(governingVerb(tokens('I work on open source every weekend.'), 'open source')?.key).toBe('work on');
    expect(governingVerb(tokens('I have a community.'), 'community')).toBeNull();
    expect(governingVerb(tokens('I use it for research.'), 'research')).toBeNull();
    // the concept modifies another noun, or the verb says the state it leaves it in: not what is done to it
    expect(governingVerb(tokens('We kept hiring sales people all year.'), 'sale')).toBeNull();
    expect(governingVerb(tokens('It makes the process easier.'), 'process')).toBeNull();
    expect([gerundOf('make'), gerundOf('plan'), gerundOf('lie'), gerundOf('edit')]).toEqual(['making', 'planning', 'lying', 'editing']);
    expect(commonForm([{ words: 'tool', det: '' }, { words: 'tools', det: '' }, { words: 'tool', det: 'a' }])).toBe('tools');
    expect(commonForm([{ words: 'research', det: '' }, { words: 'research', det: '' }, { words: 'research', det: 'the' }])).toBe('research');
    expect(commonForm([{ words: 'research', det: '' }, { words: 'research', det: 'a' }])).toBe('research'); // "a research project"
    expect(commonForm([{ words: 'money', det: 'the' }, { words: 'money', det: '' }])).toBe('money');
    expect(commonForm([{ words: 'company', det: 'the' }, { words: 'company', det: 'a' }, { words: 'company', det: 'the' }])).toBe('companies');
    expect(commonForm([{ words: 'family', det: 'their' }, { words: 'family', det: 'their' }, { words: 'family', det: 'the' }])).toBe('their family');
  });
});
