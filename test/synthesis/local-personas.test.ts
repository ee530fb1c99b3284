import { describe, expect, it } from 'vitest';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { FacetKind } from '../../src/domain/analysis.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';
import { rng, shuffled, uuidOf } from '../support/synthesis-input.js';

/**
 * Three kinds of participant, each speaking of their own work (and all of the shared subject of
 * the study): study-level personas should find the three, hold (nearly) everyone, be named by
 * what sets each apart, and not depend on input order.
 */
const GROUPS = [
  { role: 'nurse', lines: ['The ward gets busy and the patients need their medication on time.', 'I check every patient chart before the night shift starts.', 'Hospital rotas change weekly and the nurses swap shifts.'] },
  { role: 'gardener', lines: ['The soil in the allotment needs compost before planting tomatoes.', 'I prune the roses and water the seedlings every morning.', 'Slugs eat the lettuce unless the garden beds are covered.'] },
  { role: 'mechanic', lines: ['The engine needed new spark plugs and the brakes were worn.', 'I repair gearboxes and replace clutches in the workshop.', 'Customers bring cars with rusty exhausts before the winter.'] },
];
const SHARED = ['The new schedule software helps me plan the week.', 'Sometimes the schedule software is confusing and slow.', 'I would like the software to remind me about deadlines.'];

function input(space: string, outlier = false, participants = 24): SynthesisInput {
  const rand = rng(11);
  const id = (label: string) => uuidOf(`${space}/${label}`);
  const out: SynthesisInput = { projectId: id('p'), questions: [], interviews: [], participants: [], evidence: [], codes: [], answers: [], customInstructions: null };
  for (let i = 0; i < participants; i++) {
    const g = GROUPS[i % 3]!;
    const iv = { id: id(`iv${i}`), key: `k${String(i).padStart(3, '0')}`, title: null };
    out.interviews.push(iv);
    const personId = id(`iv${i}/P`);
    const lines = [...(i < 12 ? [`I'm a ${g.role} and I have done it for ${i + 3} years.`] : []), ...g.lines, ...g.lines.slice(0, 1 + (i % 2)), ...SHARED.slice(0, 1 + (i % 3))];
    const counts: Record<string, number> = {};
    lines.forEach((verbatim, u) => {
      const kind: FacetKind = u % 3 === 0 ? 'pain' : u % 3 === 1 ? 'goal' : 'behavior';
      const kinds: FacetKind[] = u % 3 === 1 ? ['goal', 'pain'] : [kind]; // a unit may carry both
      for (const k of kinds) counts[k] = (counts[k] ?? 0) + 1;
      out.evidence.push({
        id: id(`iv${i}/${u}`), interviewId: iv.id, personId, key: `${iv.key}/${String(u).padStart(4, '0')}/P`, verbatim, gist: '',
        confidence: Math.round((0.5 + rand() * 0.4) * 100) / 100, facets: kinds.map((k) => ({ kind: k, value: 'x' })), question: '',
      });
    });
    out.participants.push({ personId, interviewId: iv.id, key: `${iv.key}/P`, name: 'P', evidenceCount: lines.length, facetCounts: counts });
  }
  if (outlier) {
    // one participant about something none of the others speak of: fits no persona
    const iv = { id: id('iv-odd'), key: 'k999', title: null };
    out.interviews.push(iv);
    const personId = id('iv-odd/P');
    const lines = ['Telescopes show galaxies and nebulae on clear nights.', 'The comet passed near the planet and its moons.', 'Astronomers measure the orbit of distant stars.', 'Meteorites fall to earth from the asteroid belt.'];
    lines.forEach((verbatim, u) => out.evidence.push({
      id: id(`iv-odd/${u}`), interviewId: iv.id, personId, key: `${iv.key}/${String(u).padStart(4, '0')}/P`, verbatim, gist: '',
      confidence: 0.7, facets: [{ kind: 'behavior', value: 'x' }], question: '',
    }));
    out.participants.push({ personId, interviewId: iv.id, key: `${iv.key}/P`, name: 'P', evidenceCount: lines.length, facetCounts: { behavior: lines.length } });
  }
  return out;
}

describe('study-level personas (local)', () => {
  const a = input('a');
  const out = synthesizeLocal(a);
  const group = new Map(a.participants.map((p, i) => [p.personId, i % 3]));

  it('finds the three kinds of participant, holds at least 80% of them, each persona one kind', () => {
    expect(out.personas.length).toBe(3);
    const held = out.personas.reduce((n, p) => n + p.members.length, 0);
    expect(held).toBeGreaterThanOrEqual(0.8 * a.participants.length);
    expect(held + out.unassigned.length).toBe(a.participants.length);
    for (const p of out.personas) expect(new Set(p.members.map((m) => group.get(m.personId))).size).toBe(1);
  });

  it('twelve participants of three kinds give three personas: the floor of 3 at n >= 12 is not cut by the sqrt(n/2) rule of thumb (round(sqrt(6)) = 2)', () => {
    const small = input('twelve', false, 12);
    const personas = synthesizeLocal(small).personas;
    expect(personas.length).toBe(3);
    const kind = new Map(small.participants.map((p, i) => [p.personId, i % 3]));
    for (const p of personas) expect(new Set(p.members.map((m) => kind.get(m.personId))).size).toBe(1);
  });

  it('names each persona by what sets it apart: the role its members give themselves, else what they talk about', () => {
    const names = out.personas.map((p) => p.name).sort();
    expect(names.find((n) => n.startsWith('Nurses'))).toBeDefined();
    expect(names.find((n) => n.startsWith('Gardeners'))).toBeDefined();
    expect(names.find((n) => n.startsWith('Mechanics'))).toBeDefined();
    for (const p of out.personas) {
      expect(p.name).not.toMatch(/software|schedule/i); // said by everyone: sets no one apart
      for (const m of p.members) expect(m.reason).toMatch(/% of their \d+ statements/);
      for (const q of [...p.goals, ...p.pains]) expect(a.evidence.find((e) => e.id === q.evidenceId)!.verbatim).toBe(q.text);
      expect(p.pains.filter((q) => p.goals.some((g) => g.evidenceId === q.evidenceId))).toEqual([]);
    }
  });

  it('leaves a participant unlike all the others in no persona (outlier) and the three personas as they were', () => {
    const odd = input('a', true);
    const o = synthesizeLocal(odd);
    expect(o.unassigned).toEqual([odd.participants.at(-1)!.personId]);
    expect(o.personas.map((p) => [p.name, p.members.length])).toEqual(out.personas.map((p) => [p.name, p.members.length]));
  });

  it('gives the same personas whatever order the input arrives in', () => {
    const base = JSON.stringify({ personas: out.personas, unassigned: out.unassigned });
    for (const seed of [1, 2]) {
      const o = synthesizeLocal(shuffled(a, seed));
      expect(JSON.stringify({ personas: o.personas, unassigned: o.unassigned })).toBe(base);
    }
  });
});
