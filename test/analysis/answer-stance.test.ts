import { describe, expect, it } from 'vitest';
import { answering, questionStance } from '../../src/analyzers/local/answer-stance.js';
import { answersFor } from '../../src/analyzers/local/answers.js';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { anchorEvidence } from '../../src/verbatim-guard/verbatim.js';
import type { SynthesisEvidence } from '../../src/domain/synthesis.js';
import type { Utterance } from '../../src/domain/transcript.js';
import { ctx, stored, uuid } from './support.js';

describe('what a research question asks for', () => {
  it('reads the kind of statement from the wording', () => {
    expect([...questionStance('What concerns do nurses have about night shifts?')]).toEqual(['pain']);
    expect([...questionStance('What would teachers want the software to help with?')]).toEqual(['goal']);
    expect([...questionStance('How do teams plan their week?')]).toEqual([]);
  });

  it('quotes a unit that says it (its facet) over one that only gives context', () => {
    const unit = (key: string, facets: SynthesisEvidence['facets']) => ({ id: uuid(Number(key)), key, facets } as SynthesisEvidence);
    const context = unit('1', [{ kind: 'context', value: 'night shifts' }]);
    const pain = unit('2', [{ kind: 'pain', value: 'staffing' }]);
    expect(answering([context, pain], questionStance('What concerns do nurses have?'))).toEqual([pain]);
    expect(answering([context], questionStance('What concerns do nurses have?'))).toEqual([context]);
    expect(answering([context, pain], new Set())).toEqual([context, pain]);
  });
});

describe('turns that ask a question', () => {
  it('are not a wrap-up ("anything else you would like to add?")', async () => {
    let t = 0;
    const utterances = ([
      ['Host', 'How did you start the bakery with your sister?'],
      ['Guest', 'My sister and I opened the bakery in a rented garage ten years ago.'],
      ['Host', 'Is there anything else about your worries for the future that you would like to add?'],
      ['Guest', 'No, I think we covered everything.'],
    ] as [string, string][]).map(([speaker, text], index) => {
      const startMs = t; t += 5000;
      return { id: `u${index}`, index, speaker, role: speaker === 'Host' ? 'interviewer' : 'participant', startMs, endMs: t - 500, text, timing: 'estimated' } as Utterance;
    });
    const proposed = await new LocalAnalyzer().extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx());
    const ev = stored(anchorEvidence('iv', proposed, utterances).units);
    const [worries] = answersFor({
      interviewId: 'iv', projectId: 'p', utterances, evidence: ev, questions: [{ id: uuid(1), text: 'What worries do owners have for the future?' }],
    });
    expect(worries!.status).toBe('not_addressed'); // the wrap-up mentions worries but asks for anything
    const [start] = answersFor({
      interviewId: 'iv', projectId: 'p', utterances, evidence: ev, questions: [{ id: uuid(3), text: 'How did the owners start the bakery?' }],
    });
    const byId = new Map(ev.map((e) => [e.id, e]));
    expect(start!.evidenceIds.map((id) => byId.get(id)!.utteranceId)).toEqual(['u1']);
  });
});
