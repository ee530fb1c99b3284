import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utterance } from '../../src/domain/transcript.js';
import { inferRoles, parseTranscript, toUtterances, transcriptText, WORDS_PER_MINUTE } from '../../src/transcript-formats/index.js';

describe('toUtterances', () => {
  it('assigns u<index> ids, roles, and estimated monotonic timings from ~150 wpm', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    const parsed = [
      { speaker: 'AI', text: `${words(10)}?` },
      { speaker: 'User', text: words(150) },
      { speaker: 'AI', text: 'Thanks?' },
    ];
    const r = toUtterances(parsed, inferRoles(parsed));
    expect(r.timing).toBe('estimated');
    expect(r.utterances.map((u) => [u.id, u.index, u.role, u.timing])).toEqual([
      ['u0', 0, 'interviewer', 'estimated'],
      ['u1', 1, 'participant', 'estimated'],
      ['u2', 2, 'interviewer', 'estimated'],
    ]);
    const u1 = r.utterances[1]!;
    // 150 words at 150 wpm is one minute
    expect(u1.endMs - u1.startMs).toBe(60_000 * (150 / WORDS_PER_MINUTE));
    for (const u of r.utterances) expect(Utterance.parse(u)).toEqual(u);
    expect(r.durationMs).toBe(r.utterances[2]!.endMs);
  });

  it('property: estimated timings are monotonic, non-overlapping and inside [0, durationMs]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ speaker: fc.constantFrom('A', 'B', 'C'), text: fc.string({ minLength: 1, maxLength: 300 }) }), { minLength: 1, maxLength: 40 }),
        (parsed) => {
          const r = toUtterances(parsed, new Map());
          let previousEnd = 0;
          for (const u of r.utterances) {
            expect(u.startMs).toBeGreaterThanOrEqual(previousEnd);
            expect(u.endMs).toBeGreaterThan(u.startMs);
            expect(u.endMs).toBeLessThanOrEqual(r.durationMs);
            previousEnd = u.endMs;
          }
          expect(r.utterances[0]!.startMs).toBe(0);
        },
      ),
    );
  });

  it('keeps provided timings and words; fills a missing end from the next start', () => {
    const { utterances } = parseTranscript('[00:00:02] Ann: What is it?\n\n[00:00:09] Bob: A kiln.');
    const r = toUtterances(utterances, inferRoles(utterances));
    expect(r.timing).toBe('provided');
    expect(r.utterances.map((u) => [u.startMs, u.endMs, u.timing])).toEqual([
      [2000, 9000, 'provided'],
      [9000, 9800, 'provided'], // last turn: start + estimate (2 words -> minimum 800 ms)
    ]);
    expect(r.durationMs).toBe(9800);
    const json = parseTranscript(JSON.stringify([{ speaker: 'A', text: 'Hi there', start_ms: 100, end_ms: 900, words: [{ text: 'Hi', start_ms: 100, end_ms: 400 }, { text: 'there', start_ms: 400, end_ms: 900 }] }]));
    const t = toUtterances(json.utterances, new Map());
    expect(t.utterances[0]!.words).toHaveLength(2);
  });

  it('partial timings fall back to estimates for every turn', () => {
    const r = toUtterances([{ speaker: 'A', text: 'x', startMs: 5000 }, { speaker: 'B', text: 'y' }], new Map());
    expect(r.timing).toBe('estimated');
    expect(r.utterances[0]!.startMs).toBe(0);
  });

  it('transcriptText gives Speaker: text turns separated by blank lines and re-parses to the same turns', () => {
    const parsed = parseTranscript('AI: Hi?\n\nUser: One.\n\nTwo paragraphs.\r\n\r\nAI: Ok').utterances;
    const text = transcriptText(parsed);
    expect(text).toBe('AI: Hi?\n\nUser: One.\n\nTwo paragraphs.\n\nAI: Ok');
    expect(parseTranscript(text).utterances).toEqual(parsed);
  });
});
