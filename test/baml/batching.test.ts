/** Batching utterances with overlap and merging the batches' evidence. */
import { describe, expect, it } from 'vitest';
import { batchUtterances, mergeEvidence, packByTokens } from '../../src/analyzers/baml/batching.js';
import type { Utterance } from '../../src/domain/transcript.js';

function utt(index: number, text: string, role: 'participant' | 'interviewer' = 'participant'): Utterance {
  return { id: `u${index}`, index, speaker: role === 'participant' ? 'User' : 'AI', role, startMs: index * 1000, endMs: index * 1000 + 900, text, timing: 'estimated' };
}

describe('batchUtterances', () => {
  const utterances = Array.from({ length: 40 }, (_, i) => utt(i, `Sentence number ${i} says something. `.repeat(10)));

  it('keeps every utterance, in order, within the size limit, with the overlap repeated', () => {
    const batches = batchUtterances(utterances, { maxTokens: 750, overlap: 2 });
    expect(batches.length).toBeGreaterThan(4);
    for (const b of batches) expect(b.reduce((s, u) => s + Math.ceil(u.text.length / 4), 0)).toBeLessThanOrEqual(750);
    for (let i = 1; i < batches.length; i++) {
      expect(batches[i]!.slice(0, 2).map((u) => u.id)).toEqual(batches[i - 1]!.slice(-2).map((u) => u.id));
    }
    const seen = [...new Set(batches.flat().map((u) => u.index))];
    expect(seen).toEqual(utterances.map((u) => u.index));
  });

  it('splits an utterance longer than a batch into pieces that keep its id', () => {
    const long = utt(7, 'This is one long answer that goes on. '.repeat(300));
    const batches = batchUtterances([utt(6, 'Short question?', 'interviewer'), long], { maxTokens: 500, overlap: 1 });
    const pieces = batches.flat().filter((u) => u.id === 'u7');
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.every((p) => long.text.includes(p.text))).toBe(true);
  });

  it('makes one batch for a short transcript', () => {
    expect(batchUtterances(utterances.slice(0, 3), { maxTokens: 6000, overlap: 2 })).toHaveLength(1);
  });
});

describe('mergeEvidence', () => {
  const utterances = [utt(1, 'I compose music for film. It is hard to meet deadlines every week.'), utt(2, 'I use AI to brainstorm titles.')];

  it('folds exact and slightly re-worded duplicates, keeping the wording found in the utterance and every field', () => {
    const a = { utteranceId: 'u1', verbatim: 'It is hard to meet deadlines every week.', gist: 'Deadlines', confidence: 0.6, facets: [{ kind: 'pain' as const, value: 'deadlines' }] };
    const b = { utteranceId: 'u1', verbatim: 'It is hard to meet deadlines week.', gist: 'Weekly deadlines are hard', confidence: 0.9, facets: [{ kind: 'workflow' as const, value: 'weekly cadence' }] };
    const c = { utteranceId: 'u2', verbatim: 'I use AI to brainstorm titles.', gist: 'AI for titles', confidence: 0.5, facets: [] };
    const { evidence, duplicates } = mergeEvidence([[c, b], [a, { ...c }]], utterances);
    expect(duplicates).toBe(2);
    expect(evidence).toHaveLength(2);
    expect(evidence[0]).toEqual({
      utteranceId: 'u1',
      verbatim: 'It is hard to meet deadlines every week.',
      gist: 'Weekly deadlines are hard',
      confidence: 0.9,
      facets: [{ kind: 'workflow', value: 'weekly cadence' }, { kind: 'pain', value: 'deadlines' }],
    });
    expect(evidence[1]!.utteranceId).toBe('u2');
  });

  it('keeps different quotes of the same utterance apart', () => {
    const one = { utteranceId: 'u1', verbatim: 'I compose music for film.', gist: 'g', confidence: 0.5, facets: [] };
    const two = { utteranceId: 'u1', verbatim: 'It is hard to meet deadlines every week.', gist: 'g', confidence: 0.5, facets: [] };
    expect(mergeEvidence([[two], [one]], utterances).evidence.map((e) => e.verbatim)).toEqual([one.verbatim, two.verbatim]);
  });

  it('packByTokens: batches within the room in order; an oversized item stands alone', () => {
    const sizes = [3, 4, 2, 9, 1, 1, 12, 5];
    const batches = packByTokens(sizes, (n) => n, 10);
    expect(batches).toEqual([[3, 4, 2], [9, 1], [1], [12], [5]]);
    expect(batches.flat()).toEqual(sizes);
    for (const b of batches) if (b.length > 1) expect(b.reduce((s, n) => s + n, 0)).toBeLessThanOrEqual(10);
    expect(packByTokens([], (n: number) => n, 10)).toEqual([]);
  });
});
