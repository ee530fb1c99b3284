import { describe, expect, it } from 'vitest';
import type { SynthesisEvidence } from '../../src/domain/synthesis.js';
import { stemOf } from '../../src/analyzers/local/synthesis/persona-features.js';
import { activityOf, GENERIC_NOUNS, gerund, personaName } from '../../src/analyzers/local/synthesis/persona-name.js';

const unit = (personId: string, verbatim: string, i: number): SynthesisEvidence => ({
  id: `e${i}`, interviewId: `i-${personId}`, personId, key: `k${i}`, verbatim, gist: verbatim, confidence: 0.8, facets: [], question: '',
});
const pool = [
  ['p1', 'Most evenings I am drafting lesson plans for the week ahead.'],
  ['p2', 'I spend Sunday afternoons drafting my lesson plans and grading.'],
  ['p3', 'Honestly, drafting lesson plans is the part of the job I would hand off first.'],
  ['p3', 'I have lesson plans from last year that I keep reusing.'],
].map(([p, t], i) => unit(p!, t!, i));

describe('study-level persona names read like a researcher wrote them (issue 15 item 5)', () => {
  it('names what members do with a distinctive thing, in their words, with the compound it belongs to', () => {
    expect(activityOf(pool, stemOf('lesson'))).toEqual({ text: 'drafting lesson plans', members: 3 });
    // a light verb ("have") is no activity; one member alone is not the group
    expect(activityOf(pool.slice(3), stemOf('lesson'))).toBeNull();
    // the role's own verb is redundant ("Teachers teaching ..."), so it is avoided
    expect(activityOf(pool, stemOf('lesson'), 'drafter')).toBeNull();
  });

  it('puts the role first, then the activity, and never a bare stray noun', () => {
    const act = { text: 'drafting lesson plans', members: 3 };
    expect(personaName('teacher', act, ['lesson plans'], 'their workflow')).toBe('Teachers drafting lesson plans');
    expect(personaName(null, act, ['lesson plans'], 'their workflow')).toBe('People drafting lesson plans');
    expect(personaName('nurse', null, ['night shifts'], 'their workflow')).toBe('Nurses focused on night shifts');
    expect(personaName(null, null, [], 'their workflow')).toBe('Focused on their workflow');
    for (const w of ['moment', 'information', 'questions', 'lines']) expect(GENERIC_NOUNS.has(stemOf(w)), w).toBe(true);
  });

  it('forms gerunds', () => {
    expect(['write', 'plan', 'edit', 'tie', 'draft', 'run', 'create', 'fix'].map(gerund)).toEqual(['writing', 'planning', 'editing', 'tying', 'drafting', 'running', 'creating', 'fixing']);
  });
});
