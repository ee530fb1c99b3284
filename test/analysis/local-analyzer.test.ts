import { describe, expect, it } from 'vitest';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { anchorEvidence } from '../../src/verbatim-guard/verbatim.js';
import { normalize } from '../../src/verbatim-guard/normalize.js';
import type { Person } from '../../src/domain/analysis.js';
import { ctx, fixtureUtterances, stored, uuid } from './support.js';

const utterances = fixtureUtterances('creatives-0.txt');
const person: Person = { id: uuid(9000), name: 'User', role: 'participant', speaker: 'User' };
const questions = [
  { id: uuid(9100), text: 'How do participants use AI tools in their creative process?' },
  { id: uuid(9101), text: 'What concerns do participants have about AI in their industry?' },
  { id: uuid(9102), text: 'Which kitchen appliances do they prefer for baking bread?' },
];

async function runAll(a: LocalAnalyzer) {
  const proposed = await a.extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx());
  const anchored = anchorEvidence('iv', proposed, utterances);
  const evidence = stored(anchored.units, person.id);
  const themes = await a.generateInsights({ interviewId: 'iv', projectId: 'p', evidence, existingThemes: [] }, ctx());
  const personas = await a.assignPersonas({ interviewId: 'iv', projectId: 'p', people: [person], evidence, existingPersonas: [], projectEvidence: evidence }, ctx());
  const answers = await a.attributeAnswers({ interviewId: 'iv', projectId: 'p', questions, evidence, utterances }, ctx());
  return { proposed, anchored, evidence, themes, personas, answers };
}

describe('LocalAnalyzer', () => {
  it('proposes evidence only from participant speech, every quote verbatim in its utterance', async () => {
    const { proposed, anchored } = await runAll(new LocalAnalyzer());
    expect(proposed.length).toBeGreaterThan(5);
    expect(anchored.dropped).toBe(0);
    expect(anchored.repaired).toBe(0);
    for (const u of anchored.units) {
      const utt = utterances[u.utteranceIdx]!;
      expect(utt.role).toBe('participant');
      expect(utt.text.includes(u.verbatim)).toBe(true);
      expect(u.startMs).toBeGreaterThanOrEqual(utt.startMs);
      expect(u.endMs).toBeLessThanOrEqual(utt.endMs);
      expect(u.gist.length).toBeGreaterThan(0);
    }
    // Every substantial participant turn yields evidence.
    const long = utterances.filter((u) => u.role === 'participant' && u.text.split(/\s+/).length >= 25);
    for (const u of long) expect(anchored.units.some((e) => e.utteranceIdx === u.index)).toBe(true);
  });

  it('tags facets (the composer describes their context and their tools)', async () => {
    const { anchored } = await runAll(new LocalAnalyzer());
    const composer = anchored.units.find((u) => u.verbatim.includes('media composer'))!;
    expect(composer.facets.map((f) => f.kind)).toContain('context');
    const kinds = new Set(anchored.units.flatMap((u) => u.facets.map((f) => f.kind)));
    expect(kinds.has('pain') && kinds.has('gain') && kinds.has('tool')).toBe(true);
  });

  it('links themes only to supporting evidence of this interview, with readable unique names', async () => {
    const { themes, evidence } = await runAll(new LocalAnalyzer());
    expect(themes.length).toBeGreaterThan(0);
    const ids = new Set(evidence.map((e) => e.id));
    const names = themes.map((t) => normalize(t.name));
    expect(new Set(names).size).toBe(names.length);
    for (const t of themes) {
      expect(t.name).toMatch(/^[A-Z][\p{L}]*( [\p{L}-]+)+$/u);
      expect(t.statement.length).toBeGreaterThan(10);
      expect(t.evidence.length).toBeGreaterThan(0);
      expect(t.evidence.length).toBeLessThan(evidence.length);
      for (const l of t.evidence) expect(ids.has(l.evidenceId)).toBe(true);
    }
  });

  it('gives the same themes whatever themes the project already has (order of interviews does not matter)', async () => {
    const a = new LocalAnalyzer();
    const { evidence, themes } = await runAll(a);
    const existing = [{ id: uuid(9200), name: themes[0]!.name.toUpperCase(), statement: 'x', inclusionCriteria: '' }];
    const again = await a.generateInsights({ interviewId: 'iv', projectId: 'p', evidence, existingThemes: existing }, ctx());
    expect(again).toEqual(themes);
  });

  it('assigns participants to personas with evidence ids', async () => {
    const { personas, evidence } = await runAll(new LocalAnalyzer());
    expect(personas.length).toBeGreaterThan(0);
    const a = personas.flatMap((p) => p.assignments);
    expect(a.map((x) => x.personId)).toEqual([person.id]);
    const ids = new Set(evidence.map((e) => e.id));
    for (const id of a[0]!.evidenceIds) expect(ids.has(id)).toBe(true);
  });

  it('answers questions the interview addresses and marks unrelated ones not addressed', async () => {
    const { answers } = await runAll(new LocalAnalyzer());
    expect(answers.map((x) => x.questionId)).toEqual(questions.map((q) => q.id));
    expect(answers[0]!.status).not.toBe('not_addressed');
    expect(answers[0]!.evidenceIds.length).toBeGreaterThan(0);
    expect(answers[2]!.status).toBe('not_addressed');
    expect(answers[2]!.evidenceIds).toEqual([]);
  });

  it('is deterministic: same input, byte-identical output', async () => {
    const one = JSON.stringify(await runAll(new LocalAnalyzer()));
    const two = JSON.stringify(await runAll(new LocalAnalyzer()));
    expect(two).toBe(one);
  });

  it('does not depend on what the process analysed before (wink-nlp grows its lexicon)', async () => {
    const a = new LocalAnalyzer();
    const req = { interviewId: 'iv', projectId: 'p', utterances: [{ ...utterances[3]!, text: "I wonder about AI's role here and Claude's limits." }] };
    const before = JSON.stringify(await a.extractEvidence(req, ctx()));
    // Text that teaches wink-nlp "AI's" and "Claude's" as whole words.
    await a.extractEvidence({ ...req, utterances: [{ ...utterances[3]!, text: "I like AI's, and Claude's. Both are fine with AI's." }] }, ctx());
    expect(JSON.stringify(await a.extractEvidence(req, ctx()))).toBe(before);
  });

  it('waits delayMs per call and stops when aborted', async () => {
    const a = new LocalAnalyzer({ delayMs: 120 });
    const t0 = performance.now();
    await a.extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx());
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110);
    const ac = new AbortController();
    const p = a.extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx(ac.signal));
    ac.abort();
    await expect(p).rejects.toThrow(/aborted/);
  });
});
