import { describe, expect, it } from 'vitest';
import { synthesizeLocal } from '../../src/analyzers/local/synthesis/index.js';
import type { SynthesisInput, SynthesisOutput } from '../../src/domain/synthesis.js';
import { shuffled, synthesisInput } from '../support/synthesis-input.js';

/** Replace every id by the label it was made from in that id space, to compare two id spaces. */
function relabel(out: SynthesisOutput, input: SynthesisInput): string {
  const label = new Map<string, string>();
  input.evidence.forEach((e) => label.set(e.id, `ev:${e.key}`));
  input.participants.forEach((p) => label.set(p.personId, `p:${p.key}`));
  input.questions.forEach((q) => label.set(q.id, `q:${q.text}`));
  const ivKey = new Map(input.interviews.map((i) => [i.id, i.key]));
  input.answers.forEach((a) => label.set(a.id, `a:${ivKey.get(a.interviewId)}/${input.questions.find((q) => q.id === a.questionId)!.text}`));
  return JSON.stringify(out).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (m) => label.get(m) ?? `UNKNOWN:${m}`);
}

describe('local synthesis', () => {
  const input = synthesisInput({ interviews: 30 });
  const out = synthesizeLocal(input);
  const evidenceIds = new Set(input.evidence.map((e) => e.id));
  const participantIds = new Set(input.participants.map((p) => p.personId));

  it('is byte-identical whatever order the inputs arrive in, and across id spaces', () => {
    const a = JSON.stringify(out);
    for (const seed of [1, 2, 3]) expect(JSON.stringify(synthesizeLocal(shuffled(input, seed)))).toBe(a);
    const other = synthesisInput({ interviews: 30, idSpace: 'b' });
    expect(relabel(synthesizeLocal(shuffled(other, 9)), other)).toBe(relabel(out, input));
    expect(relabel(out, input)).not.toContain('UNKNOWN');
  });

  it('merges codes into project themes with prevalence, supporting links and one quote', () => {
    expect(out.themes.length).toBe(5);
    for (const t of out.themes) {
      expect(t.participants).toBeGreaterThanOrEqual(2);
      const supporting = t.evidence.filter((e) => e.role === 'supporting').map((e) => e.evidenceId);
      const people = new Set(supporting.map((id) => input.evidence.find((e) => e.id === id)!.personId));
      expect(people.size).toBe(t.participants);
      expect(supporting).toContain(t.quoteEvidenceId);
      for (const e of t.evidence) expect(evidenceIds.has(e.evidenceId)).toBe(true);
      expect(t.statement).toMatch(new RegExp(`^${t.participants} of ${input.participants.length} participants in ${t.interviews} of 30 interviews`));
    }
    // sorted by prevalence
    const prevalence = out.themes.map((t) => t.participants);
    expect([...prevalence].sort((x, y) => y - x)).toEqual(prevalence);
  });

  it('answers every question with cited sentences, or says plainly that evidence is thin', () => {
    expect(out.answers.map((a) => a.questionId)).toEqual(input.questions.map((q) => q.id));
    const [slow, share, thin] = out.answers;
    for (const a of [slow!, share!]) {
      expect(a.status).not.toBe('not_enough_evidence');
      expect(a.sentences.length).toBeGreaterThan(0);
      for (const s of a.sentences) {
        expect(s.evidenceIds.length).toBeGreaterThan(0);
        for (const id of s.evidenceIds) expect(evidenceIds.has(id)).toBe(true);
        expect(s.text).toMatch(/\d+ of \d+ participants/);
      }
      expect(a.interviewAnswerIds.length).toBe(a.interviewsAddressed);
    }
    expect(slow!.summary).toContain('slow data cleaning');
    expect(thin!.status).toBe('not_enough_evidence');
    expect(thin!.summary).toBe(`not enough evidence: 1 of ${input.participants.length} participants spoke to this`);
    expect(thin!.interviewsAddressed).toBe(1);
  });

  it('clusters personas across participants: two or more members, each with a reason; interviewers never', () => {
    const withInterviewer: SynthesisInput = {
      ...input,
      evidence: [...input.evidence, { ...input.evidence[0]!, id: '00000000-0000-4000-8000-000000000001', personId: '00000000-0000-4000-8000-000000000002', key: 'zz' }],
    };
    const o = synthesizeLocal(withInterviewer);
    expect(o.personas.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const p of o.personas) {
      expect(p.members.length).toBeGreaterThanOrEqual(2);
      for (const m of p.members) {
        expect(participantIds.has(m.personId)).toBe(true);
        expect(m.reason).toMatch(/% of their \d+ statements/);
        expect(seen.has(m.personId)).toBe(false);
        seen.add(m.personId);
      }
      for (const q of [...p.goals, ...p.pains]) expect(input.evidence.find((e) => e.id === q.evidenceId)!.verbatim).toContain(q.text.slice(0, 20));
    }
    for (const id of o.unassigned) expect(seen.has(id)).toBe(false);
    expect(seen.size + o.unassigned.length).toBe(input.participants.length);
    expect(JSON.stringify(o)).not.toContain('00000000-0000-4000-8000-000000000002');
  });

  it('lists the substantive evidence no theme holds', () => {
    const themed = new Set(out.themes.flatMap((t) => t.evidence.map((e) => e.evidenceId)));
    expect(out.coverage.unthemed.length).toBeGreaterThan(0);
    for (const id of out.coverage.unthemed) expect(themed.has(id)).toBe(false);
    expect(out.coverage.substantive).toBeGreaterThanOrEqual(out.coverage.unthemed.length);
  });

  it('a small project (one participant) gets themes but no personas', () => {
    const o = synthesizeLocal(synthesisInput({ interviews: 1, seed: 3 }));
    expect(o.personas).toEqual([]);
    expect(o.unassigned.length).toBeGreaterThanOrEqual(1);
  });
});
