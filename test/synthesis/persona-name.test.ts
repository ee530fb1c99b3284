import { describe, expect, it } from 'vitest';
import type { SynthesisEvidence } from '../../src/domain/synthesis.js';
import { stemOf } from '../../src/analyzers/local/synthesis/persona-features.js';
import { actionsIn, activityOf, GENERIC_NOUNS, gerund, isRoleVerb, personaName, plural } from '../../src/analyzers/local/synthesis/persona-name.js';
import { distinctive, pluralForms } from '../../src/analyzers/local/synthesis/persona-describe.js';
import { canonicalize } from '../../src/analyzers/local/synthesis/canon.js';
import { uuidOf } from '../support/synthesis-input.js';
import type { ParticipantPoint } from '../../src/analyzers/local/synthesis/persona-features.js';
import type { FacetKind } from '../../src/domain/analysis.js';

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
    expect([isRoleVerb('teach', 'teacher'), isRoleVerb('write', 'writer'), isRoleVerb('draft', null), isRoleVerb('edit', 'teacher')]).toEqual([true, true, false, false]);
  });

  it('counts a compound plural by its head: a "sales process" is one process, so a member\'s "sales processes" names it', () => {
    const said = [['p1', 'This year I kept improving our sales process.'], ['p2', 'We are improving sales processes across the team.']].map(([p, t], i) => unit(p!, t!, i));
    expect(activityOf(said, stemOf('sales'))).toEqual({ text: 'improving sales processes', members: 2 });
  });

  it('puts the role first, then the activity, and never a bare stray noun', () => {
    const act = { text: 'drafting lesson plans', members: 3 };
    expect(personaName('teacher', act, ['lesson plans'], 'their workflow')).toBe('Teachers drafting lesson plans');
    expect(personaName(null, act, ['lesson plans'], 'their workflow')).toBe('People drafting lesson plans');
    expect(personaName('nurse', null, ['night shifts'], 'their workflow')).toBe('Nurses focused on night shifts');
    // no activity: still a name for people, not a bare phrase
    expect(personaName(null, null, ['night shifts'], 'their workflow')).toBe('People focused on night shifts');
    expect(personaName(null, null, [], 'their workflow')).toBe('People focused on their workflow');
    for (const w of ['moment', 'information', 'questions', 'lines']) expect(GENERIC_NOUNS.has(stemOf(w)), w).toBe(true);
  });

  it('forms plurals, irregular ones too', () => {
    expect(['writer', 'story', 'coach', 'process', 'analysis', 'series', 'child', 'woman', 'fireman', 'day', 'human', 'tennis', 'crisis'].map(plural))
      .toEqual(['writers', 'stories', 'coaches', 'processes', 'analyses', 'series', 'children', 'women', 'firemen', 'days', 'humans', 'tennis', 'crises']);
  });

  it('forms gerunds', () => {
    expect(['write', 'plan', 'edit', 'tie', 'draft', 'run', 'create', 'fix'].map(gerund)).toEqual(['writing', 'planning', 'editing', 'tying', 'drafting', 'running', 'creating', 'fixing']);
  });

  it('reads what a unit says someone does: a verb and the thing it acts on, one of many in the plural', () => {
    expect(actionsIn('Every weekend I am writing a short story for my nephew.').map((a) => a.text)).toEqual(['writing stories']);
    expect(actionsIn('I spend Sundays drafting my lesson plans.').map((a) => a.text)).toEqual(['drafting lesson plans']);
    // a participle describing the noun is no action, nor a light verb, nor a thing too general to name
    expect(actionsIn('It gave me a bulleted list.')).toEqual([]);
    expect(actionsIn('I want to change things.')).toEqual([]);
    // "wrote a song" and "writing songs" are one action
    expect(new Set([...actionsIn('I wrote a song.'), ...actionsIn('I keep writing songs.')].map((a) => a.key)).size).toBe(1);
  });

  it("finds the actions a persona's members say in their goals and behaviours more than the others", () => {
    let n = 0;
    const point = (id: string, lines: [string, FacetKind][]): ParticipantPoint => ({
      p: { personId: id, interviewId: `i-${id}`, key: id, name: id, evidenceCount: lines.length, facetCounts: {} },
      units: lines.map(([t, kind]) => ({ ...unit(id, t, n++), facets: [{ kind, value: 'x' }] })),
      share: [], z: [0, 0, 0, 0, 0, 0, 0, 0, 0], words: new Set(), roles: new Set(), themes: new Set(), vector: [],
    });
    const a = ['a1', 'a2', 'a3'].map((id) => point(id, [['I want to record podcasts with my friends.', 'goal'], ['Most days I answer emails first.', 'behavior']]));
    const b = ['b1', 'b2', 'b3'].map((id) => point(id, [['I answer emails in the morning.', 'behavior'], ['I record podcasts sometimes.', 'context']]));
    const [fa, fb] = distinctive([a, b], [...a, ...b], []);
    // said by all of them and by none of the others (in the others' context units only)
    expect(fa!.actions.map((x) => [x.text, x.members])).toEqual([['recording podcasts', 3]]);
    // what everyone does sets no one apart
    expect(fb!.actions).toEqual([]);
  });

  it('names a thing in the plural when members also say it so, never a plural made of a plural', () => {
    const iv = uuidOf('iv'), person = uuidOf('p');
    const lines = ['I fill in the form every week.', 'The forms are long.', 'My children help, and the childrens books pile up.', 'The children are loud.',
      'I wrote a story.', 'Short stories sell.', 'The TV series ended.'];
    const c = canonicalize({
      projectId: uuidOf('project'), questions: [], interviews: [{ id: iv, key: 'k', title: null }], codes: [], answers: [], customInstructions: null,
      participants: [{ personId: person, interviewId: iv, key: 'k/P', name: 'P', evidenceCount: lines.length, facetCounts: {} }],
      evidence: lines.map((verbatim, i) => ({ id: uuidOf(`e${i}`), interviewId: iv, personId: person, key: `k/${i}`, verbatim, gist: '', confidence: 0.5, facets: [], question: '' })),
    });
    const plurals = pluralForms(c, c.evidence);
    expect(plurals.get(stemOf('form'))).toBe('forms');
    expect([...plurals.values()]).not.toContain('childrens');
    // an irregular plural as well ('stories' of 'story'), and none for a word that is its own plural
    expect(plurals.get(stemOf('story'))).toBe('stories');
    expect(plurals.has(stemOf('series'))).toBe(false);
  });
});
