import { describe, expect, it } from 'vitest';
import type { FacetKind } from '../../src/domain/analysis.js';
import { SynthesisEvidence } from '../../src/domain/synthesis.js';
import { quotable, quotesOf } from '../../src/analyzers/local/synthesis/persona-quotes.js';
import { uuid } from './support.js';

let n = 0;
function unit(person: number, verbatim: string, kinds: FacetKind[]): SynthesisEvidence {
  n++;
  return SynthesisEvidence.parse({
    id: uuid(n), interviewId: uuid(900 + person), personId: uuid(500 + person), key: `i${person}/${n}`, verbatim,
    confidence: 0.6, facets: kinds.map((kind) => ({ kind, value: kind })),
  });
}

describe('persona goals and pains say one', () => {
  it('quotes a pain that states a problem, not a benefit, a remedy or a conditional aside', () => {
    expect(quotable(unit(1, 'Having to plan the design in the editor is so time consuming, especially when adding pictures.', ['pain']), 'pain')).toBe(true);
    expect(quotable(unit(1, 'I worry that they are delivering problem riddled code because they do not understand it.', ['pain', 'emotion']), 'pain')).toBe(true);
    // tagged pain, but a gain: helpful (gain facet), a reduced cost, a problem solved
    expect(quotable(unit(1, 'AI is also extremely helpful for quickly getting solutions to complex problems.', ['pain', 'gain']), 'pain')).toBe(false);
    expect(quotable(unit(1, 'Having AI search for keywords reduced the time I would have taken to read the papers.', ['pain']), 'pain')).toBe(false);
    expect(quotable(unit(1, 'Then we solved these problems every morning in a war room.', ['pain']), 'pain')).toBe(false);
    // the cue only in an "if"/"when" clause
    expect(quotable(unit(1, 'I am drafting a novel and used it to brainstorm plot ideas when I got stuck in the middle.', ['pain', 'behavior']), 'pain')).toBe(false);
  });

  it('quotes a goal that states a want or aim, not a pain, a habit or a relative clause', () => {
    expect(quotable(unit(2, 'I want AI to read my novel and give me a list of agencies that want what I write.', ['goal']), 'goal')).toBe(true);
    expect(quotable(unit(2, "With a move coming up, I'm hoping to do more mixing projects.", ['goal', 'workflow']), 'goal')).toBe(true);
    expect(quotable(unit(2, "The AI can't seem to create figures, and that is what I need most days.", ['goal', 'pain']), 'goal')).toBe(false);
    expect(quotable(unit(2, 'I could find an artist to draw the images I want but a subscription is cheaper.', ['goal']), 'goal')).toBe(false);
    expect(quotable(unit(2, 'I also often use it when I want to change the background of an image.', ['goal']), 'goal')).toBe(false);
    expect(quotable(unit(2, 'Someone could come along saying "I want to write a novel about a reporter" and get my story.', ['goal']), 'goal')).toBe(false);
    expect(quotable(unit(2, 'I try to avoid it and ask a colleague first.', ['goal', 'behavior']), 'goal')).toBe(false);
    expect(quotable(unit(2, 'With things as they are, I wish we had launched six months earlier.', ['goal']), 'goal')).toBe(false);
  });

  it('shows none rather than a wrong one, and one quote per member', () => {
    const pool = [
      unit(3, 'It saves me hours, no more wasted time on problems.', ['pain', 'gain']),
      unit(4, 'If the output is wrong I just ask again.', ['pain']),
    ];
    expect(quotesOf(pool, 'pain', () => 1)).toEqual([]);
    const two = [unit(5, 'The output is often wrong.', ['pain']), unit(5, 'Checking every answer is tedious.', ['pain']), unit(6, 'It is hard to trust.', ['pain'])];
    expect(quotesOf(two, 'pain', () => 1).map((q) => q.evidenceId)).toEqual([two[0]!.id, two[2]!.id]);
  });
});
