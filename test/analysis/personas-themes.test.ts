import { describe, expect, it } from 'vitest';
import { personasFor, PROTOTYPES } from '../../src/analyzers/local/personas.js';
import { themesFor } from '../../src/analyzers/local/themes.js';
import { CODEBOOK } from '../../src/analyzers/local/codebook.js';
import type { FacetKind, Person, StoredEvidence } from '../../src/domain/analysis.js';
import { uuid } from './support.js';

let n = 0;
function ev(personId: string, verbatim: string, kinds: FacetKind[]): StoredEvidence {
  n++;
  return {
    id: uuid(n), personId, utteranceId: `u${n}`, verbatim, gist: verbatim.slice(0, 30), confidence: 0.6,
    facets: kinds.map((kind) => ({ kind, value: kind })), key: `k${String(n).padStart(4, '0')}`, speaker: 'User',
    startMs: n * 1000, endMs: n * 1000 + 500, anchor: 'interpolated',
  };
}
const person = (i: number): Person => ({ id: uuid(5000 + i), name: `P${i}`, role: 'participant', speaker: 'User' });

describe('personas from project facet profiles', () => {
  it('puts a pain-heavy participant and a gain-heavy participant into different personas', () => {
    const worried = person(1);
    const happy = person(2);
    const wEv = [ev(worried.id, 'It keeps making mistakes and I worry.', ['pain', 'emotion']), ev(worried.id, 'The output is wrong a lot.', ['pain']), ev(worried.id, 'I use it sometimes.', ['behavior'])];
    const hEv = [ev(happy.id, 'It saves me hours.', ['gain']), ev(happy.id, 'So much faster with ChatGPT.', ['gain', 'tool']), ev(happy.id, 'It helps me every day.', ['gain'])];
    const a = personasFor({ interviewId: 'a', projectId: 'p', people: [worried], evidence: wEv, existingPersonas: [], projectEvidence: [...hEv, ...wEv] });
    const b = personasFor({ interviewId: 'b', projectId: 'p', people: [happy], evidence: hEv, existingPersonas: [], projectEvidence: [...hEv, ...wEv] });
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]!.name).not.toBe(b[0]!.name);
    expect(PROTOTYPES.map((p) => p.name)).toContain(a[0]!.name);
    expect(a[0]!.pains.length).toBeGreaterThan(0);
    const asg = a[0]!.assignments[0]!;
    expect(asg.personId).toBe(worried.id);
    expect(asg.confidence).toBeGreaterThan(0);
    for (const id of asg.evidenceIds) expect(wEv.map((e) => e.id)).toContain(id);
  });

  it('assigns nobody when the interview has no participant evidence', () => {
    expect(personasFor({ interviewId: 'a', projectId: 'p', people: [person(3)], evidence: [], existingPersonas: [] })).toEqual([]);
  });
});

describe('project themes', () => {
  const p = uuid(7000);
  const evidence = [
    ev(p, 'I use it for brainstorming when I hit a creative block.', []),
    ev(p, 'Brainstorming titles with it is where it shines.', []),
    ev(p, 'Our pet cat sleeps at home all day.', []),
    ev(p, 'I worry about copyright and whether it was trained on stolen art.', []),
  ];

  it('creates a codebook theme only with enough support and links only supporting evidence', () => {
    const themes = themesFor(evidence, []);
    const brainstorm = themes.find((t) => t.name === 'Brainstorming and idea generation')!;
    expect(brainstorm.evidence.map((l) => l.evidenceId).sort()).toEqual([evidence[0]!.id, evidence[1]!.id]);
    expect(brainstorm.statement).toBe(CODEBOOK.find((c) => c.name === brainstorm.name)!.statement);
    // one unit is not enough to create the ethics theme in a project that lacks it
    expect(themes.some((t) => t.name.startsWith('Ethics'))).toBe(false);
    expect(themes.flatMap((t) => t.evidence).some((l) => l.evidenceId === evidence[2]!.id)).toBe(false);
  });

  it('links a single unit to a theme the project already has, and to themes made by others', () => {
    const existing = [
      { id: uuid(7100), name: 'ethics, copyright and consent', statement: 's', inclusionCriteria: '' },
      { id: uuid(7101), name: 'Pets at home', statement: 'Participants talk about their cats and dogs.', inclusionCriteria: 'Mentions of a cat or a dog.' },
    ];
    const themes = themesFor(evidence, existing);
    expect(themes.find((t) => t.name === 'ethics, copyright and consent')!.evidence.map((l) => l.evidenceId)).toEqual([evidence[3]!.id]);
    expect(themes.find((t) => t.name === 'Pets at home')!.evidence.map((l) => l.evidenceId)).toEqual([evidence[2]!.id]);
    for (const t of themes) for (const l of t.evidence) expect(l.confidence).toBeGreaterThan(0);
  });
});

describe('themes outside the codebook domain', () => {
  const p = uuid(8000);
  const banking = [
    'The mobile banking app keeps logging me out before I finish a transfer.',
    'Every transfer to my landlord needs a confirmation in the mobile banking app.',
    'My savings account pays almost no interest compared to other banks.',
    'I moved my savings account to a credit union last spring.',
    'The branch near my office closed in March.',
    'Customer service answered the phone within minutes.',
  ].map((t) => ev(p, t, []));

  it('grows readable themes from recurring phrases and links only the units that mention them', () => {
    const themes = themesFor(banking, []);
    const names = themes.map((t) => t.name);
    expect(names).toContain('Experiences with savings account');
    const mobile = themes.find((t) => /^Experiences with (mobile banking|banking app)$/.test(t.name))!;
    expect(mobile.evidence.map((l) => l.evidenceId)).toEqual([banking[0]!.id, banking[1]!.id]);
    expect(themes.flatMap((t) => t.evidence).some((l) => l.evidenceId === banking[4]!.id)).toBe(false);
  });

  it('creates no one-off themes in a project that already has codebook themes', () => {
    const existing = [{ id: uuid(8200), name: 'Brainstorming and idea generation', statement: 's', inclusionCriteria: '' }];
    expect(themesFor(banking, existing)).toEqual([]);
  });

  it('links the next interview to the same project theme', () => {
    const later = [ev(p, 'The mobile banking app crashed twice this week.', []), ev(p, 'Mobile banking is how I pay rent.', [])];
    const existing = [{ id: uuid(8100), name: 'Experiences with mobile banking', statement: 'Participants describe their experiences with mobile banking.', inclusionCriteria: 'Evidence that talks about mobile banking.' }];
    const themes = themesFor(later, existing);
    expect(themes.map((t) => t.name)).toEqual(['Experiences with mobile banking']);
    expect(themes[0]!.evidence).toHaveLength(2);
  });
});
