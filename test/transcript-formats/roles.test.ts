import { describe, expect, it } from 'vitest';
import type { ParsedUtterance } from '../../src/domain/transcript.js';
import { inferRoles, parseTranscript } from '../../src/transcript-formats/index.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { examplesDir } from './data.js';

const turns = (...pairs: Array<[string, string]>): ParsedUtterance[] => pairs.map(([speaker, text]) => ({ speaker, text }));

describe('inferRoles', () => {
  it('real creatives interview: AI and Assistant are interviewers, User the participant', () => {
    const { utterances } = parseTranscript(readFileSync(resolve(examplesDir, 'creative-01.txt'), 'utf8'));
    const roles = inferRoles(utterances);
    expect(Object.fromEntries(roles)).toEqual({ Assistant: 'interviewer', AI: 'interviewer', User: 'participant' });
  });

  it('real interview with the labels replaced by names: the questioner is found', () => {
    const { utterances } = parseTranscript(readFileSync(resolve(examplesDir, 'creative-02.txt'), 'utf8'));
    const renamed = utterances.map((u) => ({ ...u, speaker: u.speaker === 'User' ? 'Priya' : 'Tom' }));
    expect(Object.fromEntries(inferRoles(renamed))).toEqual({ Tom: 'interviewer', Priya: 'participant' });
    // the same even when the participant happens to speak first
    expect(Object.fromEntries(inferRoles([{ speaker: 'Priya', text: 'Hello, I am ready to start.' }, ...renamed]))).toEqual({
      Tom: 'interviewer',
      Priya: 'participant',
    });
  });

  it('caller-given interviewer names win, case-insensitively', () => {
    const u = turns(['Ann', 'I have a question? Do you?'], ['Bob', 'Tell me about your work?'], ['Ann', 'Sure, I build boats.']);
    expect(Object.fromEntries(inferRoles(u, ['bob']))).toEqual({ Ann: 'participant', Bob: 'interviewer' });
  });

  it('names that match nobody or everybody fall back to inference', () => {
    const u = turns(['Ann', 'What do you do?'], ['Bob', 'I build boats, mostly small ones.'], ['Ann', 'Why boats?'], ['Bob', 'My father did.']);
    expect(Object.fromEntries(inferRoles(u, ['Zed']))).toEqual({ Ann: 'interviewer', Bob: 'participant' });
    expect(Object.fromEntries(inferRoles(u, ['ann', 'BOB']))).toEqual({ Ann: 'interviewer', Bob: 'participant' });
  });

  it('known labels: Interviewer vs a named participant; User vs a named interviewer', () => {
    const a = turns(['Kim', 'What?'], ['Interviewer', 'I mean, how do you work?'], ['Kim', 'Slowly?']);
    expect(Object.fromEntries(inferRoles(a))).toEqual({ Kim: 'participant', Interviewer: 'interviewer' });
    const b = turns(['User', 'Hi'], ['Lee', 'Hi, how do you use AI in your work?'], ['User', 'For emails, mostly.']);
    expect(Object.fromEntries(inferRoles(b))).toEqual({ User: 'participant', Lee: 'interviewer' });
  });

  it('never marks everyone an interviewer; a monologue has only a participant', () => {
    const all = turns(['AI', 'Why?'], ['Assistant', 'How?']);
    const roles = inferRoles(all);
    expect([...roles.values()].filter((r) => r === 'participant')).toHaveLength(1);
    expect(Object.fromEntries(inferRoles(turns(['Solo', 'Why do I do this? Who knows.'])))).toEqual({ Solo: 'participant' });
    const three = turns(['A1', 'Q?'], ['B2', 'Answer here.'], ['C3', 'Another answer.']);
    const r3 = inferRoles(three);
    expect(r3.get('A1')).toBe('interviewer');
    expect([...r3.values()].filter((r) => r === 'interviewer')).toHaveLength(1);
  });
});
