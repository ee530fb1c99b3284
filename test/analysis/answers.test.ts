import { describe, expect, it } from 'vitest';
import { answersFor } from '../../src/analyzers/local/answers.js';
import { anchorEvidence } from '../../src/verbatim-guard/verbatim.js';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { ctx, fixtureUtterances, stored, uuid } from './support.js';

const utterances = fixtureUtterances('creatives-1.txt');

async function evidence() {
  const proposed = await new LocalAnalyzer().extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx());
  return stored(anchorEvidence('iv', proposed, utterances).units);
}

describe('answers (BM25F over evidence with the interviewer question as context)', () => {
  it('links evidence from the turns that answer the question the interviewer asked', async () => {
    const ev = await evidence();
    // The turn after "What concerns, if any, do you have about AI's presence in your field?"
    const asked = utterances.findIndex((u) => u.role === 'interviewer' && /what concerns/i.test(u.text));
    expect(asked).toBeGreaterThan(0);
    const [a] = answersFor({
      interviewId: 'iv', projectId: 'p', utterances, evidence: ev,
      questions: [{ id: uuid(1), text: 'What concerns do participants have about AI in their field?' }],
    });
    expect(a!.status).toBe('answered');
    expect(a!.evidenceIds.length).toBeGreaterThan(0);
    expect(a!.evidenceIds.length).toBeLessThanOrEqual(5);
    const byId = new Map(ev.map((e) => [e.id, e]));
    const first = byId.get(a!.evidenceIds[0]!)!;
    expect(first.utteranceId).toBe(`u${asked + 1}`);
    expect(a!.answer).toContain(first.verbatim);
  });

  it('does not count generic words ("feel") as addressing an unrelated question', async () => {
    const [a] = answersFor({
      interviewId: 'iv', projectId: 'p', utterances, evidence: await evidence(),
      questions: [{ id: uuid(4), text: 'How do participants feel about public transport in their city?' }],
    });
    expect(a!.status).toBe('not_addressed');
  });

  it('marks an unrelated question not addressed and works with fewer than three evidence units', async () => {
    const ev = (await evidence()).slice(0, 1);
    const out = answersFor({
      interviewId: 'iv', projectId: 'p', utterances, evidence: ev,
      questions: [{ id: uuid(2), text: 'Which submarine propulsion systems are quietest?' }, { id: uuid(3), text: 'the a of' }],
    });
    expect(out.map((a) => a.status)).toEqual(['not_addressed', 'not_addressed']);
  });
});
