import { describe, expect, it } from 'vitest';
import { synthesisInput, type ProjectOutput } from '../../scripts/eval/project.js';
import type { Interview } from '../../scripts/eval/dataset.js';
import type { Utterance } from '../../src/domain/transcript.js';
import { uuid } from './support.js';

const utt = (index: number, role: Utterance['role'], text: string): Utterance => ({
  id: `u${index}`, index, speaker: role === 'participant' ? 'User' : 'AI', role, startMs: index * 1000, endMs: index * 1000 + 900, text, timing: 'estimated',
});
const unit = (n: number, idx: number, verbatim: string) => ({
  id: uuid(n), personId: uuid(500), utteranceId: `u${idx}`, utteranceIdx: idx, key: `k${n}`, speaker: 'User', verbatim, gist: 'g',
  startMs: idx * 1000, endMs: idx * 1000 + 500, anchor: 'interpolated' as const, confidence: 0.5, facets: [],
});

describe('eval synthesis input', () => {
  it('gives each unit the interviewer turn before it as its question, as load_synthesis_input does', () => {
    const asked = `How do you plan a week? ${'x'.repeat(400)}`;
    const iv: Interview = {
      id: 'a',
      utterances: [utt(0, 'participant', 'Hi there.'), utt(1, 'interviewer', 'Tell me about your work.'), utt(2, 'participant', 'I build tables.'),
        utt(3, 'participant', 'Mostly oak.'), utt(4, 'interviewer', asked), utt(5, 'participant', 'On Sundays.')],
    };
    const out: ProjectOutput = {
      questions: [], personas: [], themes: [],
      interviews: [{ interviewId: 'a', evidence: [unit(1, 0, 'Hi there.'), unit(2, 2, 'I build tables.'), unit(3, 3, 'Mostly oak.'), unit(4, 5, 'On Sundays.')],
        repaired: 0, dropped: 0, answers: [], personas: [], cpuMs: 0 }],
    };
    const input = synthesisInput('p', [iv], out);
    expect(input.evidence.map((e) => e.question)).toEqual(['', 'Tell me about your work.', 'Tell me about your work.', asked.slice(0, 300)]);
  });
});
