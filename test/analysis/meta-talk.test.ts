import { describe, expect, it } from 'vitest';
import { evidenceFor } from '../../src/analyzers/local/evidence.js';
import { isMetaTalk } from '../../src/analyzers/local/meta-talk.js';
import type { Utterance } from '../../src/domain/transcript.js';

const utterance = (text: string): Utterance => ({ id: 'u1', index: 1, speaker: 'User', role: 'participant', startMs: 0, endMs: 10_000, text, timing: 'estimated' });
const quotes = (text: string) => evidenceFor([utterance(text)]).map((e) => e.verbatim);

describe('talk about the interview itself is not evidence (issue 15 item 3)', () => {
  it('drops readiness, pleasantries, comments on the questions and closings', () => {
    for (const line of [
      "Nice! I think I'm good for questions. Let's get into it.",
      'Sounds good - no questions from me, you can begin.',
      'Do you want me to finish this thought?',
      'Yeah, thanks for asking.',
      "Wow, that's a really hard question, but a really good question.",
      'Sorry, what was the question again?',
      'No, I think that covers it. Thanks so much for having me!',
      'Anything else?',
      "I don't know, that's a tough question.",
      'Sorry, I pressed send too quickly.',
      'Can you hear me okay? My internet might be wonky today.',
    ]) expect(isMetaTalk(line), line).toBe(true);
    expect(quotes("Sounds great! I don't have any questions at the moment, I'm ready when you are.")).toEqual([]);
  });

  it('keeps the substance next to meta-talk, cutting only the meta part', () => {
    expect(quotes('Good question — honestly the pricing is what hurts our small studio most.')).toEqual(['honestly the pricing is what hurts our small studio most.']);
    expect(quotes('Sounds good! As a note, I am a hobbyist writer and do not work for any particular company.')).toEqual([
      'As a note, I am a hobbyist writer and do not work for any particular company.',
    ]);
    expect(quotes('I see the assistant as a collaboration tool rather than something to do my job, if that makes sense.')).toEqual([
      'I see the assistant as a collaboration tool rather than something to do my job',
    ]);
    expect(quotes('No questions, let\'s begin. I run a two-person bakery and I do all the ordering myself every Monday.')).toEqual([
      'I run a two-person bakery and I do all the ordering myself every Monday.',
    ]);
  });

  it('keeps claims that only mention questions, thanks or starting', () => {
    for (const line of [
      'The big question for us is whether clients will pay for the extra revision round.',
      'I ask it follow-up questions when the first answer is too vague to use.',
      "Thanks to the new scheduler, I don't chase people for their timesheets anymore.",
      "We start every sprint with a planning call, and that's where most of the estimates go wrong.",
      'That sounds good on paper, but in practice nobody reads the weekly report.',
    ]) {
      expect(isMetaTalk(line), line).toBe(false);
      expect(quotes(line), line).toEqual([line]);
    }
    // Someone's reported words are part of the story, not talk about this interview.
    expect(quotes('My partner said "Alright, let\'s do this." And so we quit our jobs and opened the shop that spring.').join(' ')).toContain("let's do this");
  });
});
