import { describe, expect, it } from 'vitest';
import { personasFor } from '../../src/analyzers/local/personas.js';
import { themesFor } from '../../src/analyzers/local/themes.js';
import { fileURLToPath } from 'node:url';
import { CodebookError, loadCodebook } from '../../src/analyzers/local/codebook.js';
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

describe('personas from each participant\'s own facet profile (no built-in prototypes)', () => {
  it('names a pain-heavy participant and a gain-heavy participant from their own dominant facets', () => {
    const worried = person(1);
    const happy = person(2);
    const wEv = [ev(worried.id, 'It keeps making mistakes and I worry.', ['pain', 'emotion']), ev(worried.id, 'The output is wrong a lot.', ['pain']), ev(worried.id, 'I use it sometimes.', ['behavior'])];
    const hEv = [ev(happy.id, 'It saves me hours.', ['gain']), ev(happy.id, 'So much faster with ChatGPT.', ['gain', 'tool']), ev(happy.id, 'It helps me every day.', ['gain'])];
    const a = personasFor({ interviewId: 'a', projectId: 'p', people: [worried], evidence: wEv, existingPersonas: [], projectEvidence: [...hEv, ...wEv] });
    const b = personasFor({ interviewId: 'b', projectId: 'p', people: [happy], evidence: hEv, existingPersonas: [], projectEvidence: [...hEv, ...wEv] });
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]!.name).not.toBe(b[0]!.name);
    expect(a[0]!.name).toMatch(/^Problem-focused\b/);
    expect(b[0]!.name).toMatch(/^Benefit-focused\b/);
    expect(a[0]!.pains).toContain('The output is wrong a lot.');
    expect(a[0]!.pains.length).toBeGreaterThan(0);
    const asg = a[0]!.assignments[0]!;
    expect(asg.personId).toBe(worried.id);
    expect(asg.confidence).toBeGreaterThan(0);
    for (const id of asg.evidenceIds) expect(wEv.map((e) => e.id)).toContain(id);
  });

  it('gives the same persona for the same interview in another project (other ids, same speech)', () => {
    const who = person(4);
    const said = [ev(who.id, 'I want to finish my degree this year.', ['goal']), ev(who.id, 'Rent keeps going up and it worries me.', ['pain', 'emotion'])];
    const other = { ...who, id: uuid(9004) };
    const moved = said.map((e, i) => ({ ...e, id: uuid(9100 + i), personId: other.id, key: `z${i}` }));
    const strip = (ps: ReturnType<typeof personasFor>) => ps.map((p) => ({ ...p, assignments: p.assignments.map((a) => ({ ...a, personId: '', evidenceIds: a.evidenceIds.length })) }));
    expect(strip(personasFor({ interviewId: 'b', projectId: 'q', people: [other], evidence: moved, existingPersonas: [] })))
      .toEqual(strip(personasFor({ interviewId: 'a', projectId: 'p', people: [who], evidence: said, existingPersonas: [] })));
  });

  it('names a participant by the role they give themselves, so the same role merges across interviews', () => {
    const a = person(6);
    const b = { ...person(7), id: uuid(5107) };
    const aEv = [ev(a.id, "I'm a nurse and I work nights on a busy ward.", ['context']), ev(a.id, 'The rota changes every week.', ['pain'])];
    const bEv = [ev(b.id, 'Well, I am a nurse in a small clinic.', ['context']), ev(b.id, 'I want more time with patients.', ['goal'])];
    const pa = personasFor({ interviewId: 'a', projectId: 'p', people: [a], evidence: aEv, existingPersonas: [] });
    const pb = personasFor({ interviewId: 'b', projectId: 'p', people: [b], evidence: bEv, existingPersonas: [] });
    expect(pa.map((p) => p.name)).toEqual(['Nurse']);
    expect(pb.map((p) => p.name)).toEqual(['Nurse']);
    expect(pa[0]!.description).toMatch(/^Calls themselves a nurse; says more than most participants about /);
    // "I'm a bit tired" gives no role
    const c = person(8);
    const pc = personasFor({ interviewId: 'c', projectId: 'p', people: [c], evidence: [ev(c.id, "I'm a bit tired of the rota.", ['pain'])], existingPersonas: [] });
    expect(pc[0]!.name).toMatch(/participant$/);
  });

  it('assigns nobody when the interview has no participant evidence', () => {
    expect(personasFor({ interviewId: 'a', projectId: 'p', people: [person(3)], evidence: [], existingPersonas: [] })).toEqual([]);
  });
});

describe('themes with a codebook (deductive)', () => {
  const codebook = loadCodebook(fileURLToPath(new URL('../../examples/codebooks/ai-at-work.json', import.meta.url)));
  const p = uuid(7000);
  const evidence = [
    ev(p, 'I use it for brainstorming when I hit a creative block.', []),
    ev(p, 'Brainstorming titles with it is where it shines.', []),
    ev(p, 'Our pet cat sleeps at home all day.', []),
    ev(p, 'I worry about copyright and whether it was trained on stolen art.', []),
  ];

  it('creates a codebook theme only with enough support and links only supporting evidence', () => {
    const themes = themesFor(evidence, [], { codebook });
    const brainstorm = themes.find((t) => t.name === 'Brainstorming and idea generation')!;
    expect(brainstorm.evidence.map((l) => l.evidenceId).sort()).toEqual([evidence[0]!.id, evidence[1]!.id]);
    expect(brainstorm.statement).toBe(codebook.codes.find((c) => c.name === brainstorm.name)!.statement);
    // one unit is not enough to create the ethics theme
    expect(themes.some((t) => t.name.startsWith('Ethics'))).toBe(false);
  });

  it('counts a cue only as a claim: not inside a name, not inside a masked term', () => {
    const mentions = [
      ev(p, 'Last summer I mentored two students through Google Summer of Code.', []),
      ev(p, 'Every rule we follow sits in the Code of Federal Regulations anyway.', []),
      ev(p, 'My thesis was on machine learning for crop yields, years ago.', []),
      ev(p, 'We mostly shipped machine learning pipelines for retailers.', []),
    ];
    const names = themesFor(mentions, [], { codebook }).map((t) => t.name);
    expect(names).not.toContain('Coding and technical tasks');
    expect(names).not.toContain('Learning new skills and concepts');
    const claims = [ev(p, 'I write code every morning before work.', []), ev(p, 'Debugging my own code is most of my week.', [])];
    expect(themesFor(claims, [], { codebook }).map((t) => t.name)).toContain('Coding and technical tasks');
  });

  it('refuses an invalid codebook file with a message naming the problem', () => {
    expect(() => loadCodebook(fileURLToPath(new URL('./support.ts', import.meta.url)))).toThrow(CodebookError);
  });
});

describe('emergent themes (no codebook: the default)', () => {
  const p = uuid(8000);
  const banking = [
    'The mobile banking app keeps logging me out before I finish a transfer.',
    'Every transfer to my landlord needs a confirmation in the mobile banking app.',
    'The mobile banking app crashed twice this week while paying rent.',
    'My savings account pays almost no interest compared to other banks.',
    'I moved my savings account to a credit union for better interest.',
    'Interest on savings is so low that saving feels pointless.',
    'Our dog needs a long walk in the park every single evening.',
    'Walking the dog in the park is the best part of my evening.',
  ].map((t) => ev(p, t, []));

  it('groups evidence by meaning and names each group from its own key phrases', () => {
    const themes = themesFor(banking, []);
    expect(themes.length).toBeGreaterThanOrEqual(2);
    const groupOf = (i: number) => themes.findIndex((t) => t.evidence.some((l) => l.evidenceId === banking[i]!.id));
    expect(groupOf(0)).toBe(groupOf(1));
    expect(groupOf(3)).toBe(groupOf(4));
    expect(groupOf(6)).toBe(groupOf(7));
    expect(groupOf(0)).not.toBe(groupOf(6));
    // names come from the evidence, not from any built-in list
    const text = themes.map((t) => t.name.toLowerCase()).join(' | ');
    expect(text).toMatch(/bank|app|transfer|saving|interest|account|dog|walk|park/);
  });

  it('gives the same themes whatever order the evidence arrives in', () => {
    const a = themesFor(banking, []);
    const b = themesFor([...banking].reverse(), []);
    expect(b).toEqual(a);
  });

  it('does not depend on the themes the project already has', () => {
    const existing = [{ id: uuid(8100), name: 'Brainstorming and idea generation', statement: 's', inclusionCriteria: '' }];
    expect(themesFor(banking, existing)).toEqual(themesFor(banking, []));
  });
});
