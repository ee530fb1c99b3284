import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript-formats/index.js';
import { parseErrorOf } from './errors.js';

const plain = (s: string) => parseTranscript(s, { format: 'plain' }).utterances;

describe('plain Speaker: text transcripts', () => {
  it('parses turns separated by blank lines, multi-paragraph turns kept together', () => {
    const u = plain('AI: Hello there.\n\nHow are you?\n\nUser: Fine.\nSecond line.\n\nThird paragraph.\n\nAI: Good?\n');
    expect(u).toEqual([
      { speaker: 'AI', text: 'Hello there.\n\nHow are you?' },
      { speaker: 'User', text: 'Fine.\nSecond line.\n\nThird paragraph.' },
      { speaker: 'AI', text: 'Good?' },
    ]);
  });

  it('handles BOM, CRLF, CR-only and a missing final newline the same way', () => {
    const base = 'Interviewer: What do you do?\n\nMaria: I paint.\n\nInterviewer: Why?';
    const expected = plain(base);
    expect(expected).toHaveLength(3);
    expect(plain('\uFEFF' + base.replace(/\n/g, '\r\n'))).toEqual(expected);
    expect(plain(base.replace(/\n/g, '\r'))).toEqual(expected);
    expect(plain(base + '\n\n\n')).toEqual(expected);
    expect(expected[2]).toEqual({ speaker: 'Interviewer', text: 'Why?' });
  });

  it('does not start a new speaker at "Note:" or a one-off "My advice:" inside a turn', () => {
    const u = plain(
      'AI: What tools do you use?\n\nUser: Mostly pencils.\n\nNote: I tried tablets once.\n\nMy advice: keep it simple.\n\nAI: Thanks! Anything else?\n\nUser: No.\n',
    );
    expect(u.map((x) => x.speaker)).toEqual(['AI', 'User', 'AI', 'User']);
    expect(u[1]!.text).toBe('Mostly pencils.\n\nNote: I tried tablets once.\n\nMy advice: keep it simple.');
  });

  it('accepts turns without blank lines between them when the labels are established', () => {
    const u = plain('Ann: Hi\nBob: Hello\nAnn: How are you?\nBob: Fine');
    expect(u.map((x) => `${x.speaker}|${x.text}`)).toEqual(['Ann|Hi', 'Bob|Hello', 'Ann|How are you?', 'Bob|Fine']);
  });

  it('reads [hh:mm:ss] and Speaker (mm:ss) timestamps as start times, next start as end', () => {
    const u = plain('[00:00:05] Ann: Hi\n\n[00:01:02.5] Bob: Hello\n\nAnn (01:10): Bye');
    expect(u).toEqual([
      { speaker: 'Ann', text: 'Hi', startMs: 5000, endMs: 62_500 },
      { speaker: 'Bob', text: 'Hello', startMs: 62_500, endMs: 70_000 },
      { speaker: 'Ann', text: 'Bye', startMs: 70_000 },
    ]);
  });

  it('multi-word speaker names and names with digits', () => {
    const u = plain('Dr. Jane Smith: Tell me more?\n\nSpeaker 2: Sure.');
    expect(u.map((x) => x.speaker)).toEqual(['Dr. Jane Smith', 'Speaker 2']);
  });

  it('a third speaker who speaks once is a speaker; "Honestly:" once is not', () => {
    const u = plain('AI: Who else is here?\n\nUser: My manager.\n\nHonestly: she decides.\n\nDr. Ann Lee: Hello.\n\nAI: Welcome?\n\nUser: Yes.');
    expect(u.map((x) => x.speaker)).toEqual(['AI', 'User', 'Dr. Ann Lee', 'AI', 'User']);
    expect(u[1]!.text).toBe('My manager.\n\nHonestly: she decides.');
  });

  it('markdown bold labels', () => {
    const u = plain('**Interviewer:** Why?\n\n**Sam**: Because.');
    expect(u).toEqual([
      { speaker: 'Interviewer', text: 'Why?' },
      { speaker: 'Sam', text: 'Because.' },
    ]);
  });

  it('skips empty turns', () => {
    const u = plain('AI: Question?\n\nUser:\n\nAI: Again?\n\nUser: Yes.');
    expect(u.map((x) => x.speaker)).toEqual(['AI', 'AI', 'User']);
  });

  it('errors: empty, no speaker turns, text before the first turn, backwards timestamps', () => {
    expect(parseErrorOf(() => parseTranscript('')).message).toMatch(/empty/);
    expect(parseErrorOf(() => parseTranscript('\uFEFF \r\n\n')).message).toMatch(/empty/);
    const noTurns = parseErrorOf(() => parseTranscript('just some words\nand more words'));
    expect(noTurns.line).toBe(1);
    expect(noTurns.message).toMatch(/line 1: text before the first speaker turn/);
    const preamble = parseErrorOf(() => parseTranscript('\n\nInterview notes\n\nAI: Hi?\n\nUser: Hi'));
    expect(preamble.line).toBe(3);
    const back = parseErrorOf(() => parseTranscript('[00:02:00] A: x\n\n[00:01:00] B: y'));
    expect(back.line).toBe(3);
    expect(back.message).toMatch(/earlier/);
    const badTs = parseErrorOf(() => parseTranscript('AI: hi?\n\n[00:99:00] User: y'));
    expect(badTs.line).toBe(3);
  });
});
