import { describe, expect, it } from 'vitest';
import { anchorEvidence, evidenceKey } from '../../src/verbatim-guard/verbatim.js';
import type { ProposedEvidence } from '../../src/domain/analysis.js';
import type { Utterance } from '../../src/domain/transcript.js';

const utterances: Utterance[] = [
  { id: 'u0', index: 0, speaker: 'AI', role: 'interviewer', startMs: 0, endMs: 2000, text: 'How do you use AI in your work?', timing: 'estimated' },
  { id: 'u1', index: 1, speaker: 'User', role: 'participant', startMs: 2600, endMs: 12600, text: "Honestly, I use ChatGPT for emails. It saves me hours every week — but I don't trust it with facts.", timing: 'estimated' },
  { id: 'u2', index: 2, speaker: 'AI', role: 'interviewer', startMs: 13200, endMs: 15000, text: 'Tell me more about trust.', timing: 'estimated' },
  {
    id: 'u3', index: 3, speaker: 'User', role: 'participant', startMs: 15600, endMs: 19600, text: 'It made up a citation once.', timing: 'provided',
    words: [
      { text: 'It', startMs: 15600, endMs: 15800 }, { text: 'made', startMs: 15800, endMs: 16200 },
      { text: 'up', startMs: 16200, endMs: 16500 }, { text: 'a', startMs: 16500, endMs: 16600 },
      { text: 'citation', startMs: 16600, endMs: 17400 }, { text: 'once.', startMs: 17400, endMs: 18000 },
    ],
  },
];

const p = (utteranceId: string, verbatim: string): ProposedEvidence => ({ utteranceId, verbatim, gist: 'g', confidence: 0.5, facets: [] });

describe('anchorEvidence (verbatim guard)', () => {
  it('stores the exact utterance substring even when the quote differs in case, punctuation and spacing', () => {
    const r = anchorEvidence('iv1', [p('u1', 'it SAVES me hours every   week')], utterances);
    expect(r.dropped).toBe(0);
    expect(r.repaired).toBe(0);
    expect(r.units).toHaveLength(1);
    const u = r.units[0]!;
    expect(u.verbatim).toBe('It saves me hours every week');
    expect(utterances[1]!.text.includes(u.verbatim)).toBe(true);
    expect(u.utteranceId).toBe('u1');
    expect(u.utteranceIdx).toBe(1);
    expect(u.speaker).toBe('User');
  });

  it('matches across apostrophe variants and keeps closing punctuation from the transcript', () => {
    const r = anchorEvidence('iv1', [p('u1', 'but I don’t trust it with facts')], utterances);
    expect(r.units[0]!.verbatim).toBe("but I don't trust it with facts.");
  });

  it('repairs a quote pointing at the wrong utterance from another participant utterance', () => {
    const r = anchorEvidence('iv1', [p('u1', 'It made up a citation once')], utterances);
    expect(r.repaired).toBe(1);
    expect(r.units[0]!.utteranceId).toBe('u3');
    expect(r.units[0]!.verbatim).toBe('It made up a citation once.');
  });

  it('fuzzily repairs a paraphrased quote to the longest verbatim run, or drops it', () => {
    const r = anchorEvidence('iv1', [
      p('u1', 'I use ChatGPT for emails and it saves hours'),
      p('u1', 'AI has transformed my creative practice entirely'),
    ], utterances);
    expect(r.repaired).toBe(1);
    expect(r.dropped).toBe(1);
    expect(r.units[0]!.verbatim).toBe('I use ChatGPT for emails.');
  });

  it('never stores interviewer speech', () => {
    const r = anchorEvidence('iv1', [p('u0', 'How do you use AI in your work?'), p('u2', 'Tell me more about trust')], utterances);
    expect(r.units).toHaveLength(0);
    expect(r.dropped).toBe(2);
  });

  it('does not match inside words', () => {
    const r = anchorEvidence('iv1', [p('u1', 'rust it')], utterances);
    expect(r.units).toHaveLength(0);
  });

  it('interpolates timestamps by character offset inside the utterance bounds', () => {
    const r = anchorEvidence('iv1', [p('u1', 'It saves me hours every week'), p('u1', utterances[1]!.text)], utterances);
    const [part, whole] = r.units;
    expect(part!.anchor).toBe('interpolated');
    expect(part!.startMs).toBeGreaterThan(2600);
    expect(part!.endMs).toBeLessThan(12600);
    expect(part!.startMs).toBeLessThan(part!.endMs);
    expect(whole!.anchor).toBe('utterance');
    expect([whole!.startMs, whole!.endMs]).toEqual([2600, 12600]);
  });

  it('uses word timings when the utterance has them', () => {
    const r = anchorEvidence('iv1', [p('u3', 'made up a citation')], utterances);
    expect(r.units[0]!.anchor).toBe('exact');
    expect([r.units[0]!.startMs, r.units[0]!.endMs]).toEqual([15800, 17400]);
  });

  it('gives a stable key and deduplicates identical spans', () => {
    const r = anchorEvidence('iv1', [p('u1', 'It saves me hours every week'), p('u1', 'it saves me hours, every week')], utterances);
    expect(r.units).toHaveLength(1);
    const start = utterances[1]!.text.indexOf('It saves');
    expect(r.units[0]!.key).toBe(evidenceKey('iv1', 'User', 1, start, start + 'It saves me hours every week'.length));
    expect(r.units[0]!.key).toMatch(/^[0-9a-f]{20}$/);
    expect(anchorEvidence('iv2', [p('u1', 'It saves me hours every week')], utterances).units[0]!.key).not.toBe(r.units[0]!.key);
  });

  it('drops malformed proposals instead of throwing', () => {
    const r = anchorEvidence('iv1', [{ utteranceId: 'u1', verbatim: '', gist: 'x' } as ProposedEvidence, p('u9', '...')], utterances);
    expect(r.units).toHaveLength(0);
    expect(r.dropped).toBe(2);
  });
});
