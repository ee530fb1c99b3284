import { describe, expect, it } from 'vitest';
import { tokens } from '../../src/analyzers/local/nlp.js';
import { saysAsTopic, topicNouns } from '../../src/analyzers/local/semantic/topic-noun.js';

describe('topic nouns (words said as what a unit is about)', () => {
  it('leaves out tags, interjections, predicatives and discourse markers the tagger calls nouns', () => {
    for (const text of ['Right now I work at a startup, right?', 'Right. So we did it.', "Yeah, that's right.", 'We kind of did a lot of it, you know.']) {
      expect(saysAsTopic(text, 'right') || saysAsTopic(text, 'kind') || saysAsTopic(text, 'lot'), text).toBe(false);
    }
  });

  it('keeps nouns said as topics: after a determiner, possessive or adjective, plural, or as subject or object', () => {
    expect(saysAsTopic('We fought for our rights.', 'right')).toBe(true);
    expect(saysAsTopic('I had the right to vote.', 'right')).toBe(true);
    expect(topicNouns(tokens('Funding was the problem, right, so we raised money from investors.'))).toEqual(['funding', 'problem', 'money', 'investor']);
  });

  it('a phrase of several words is a topic wherever it is said', () => {
    expect(saysAsTopic('open source, right?', 'open source')).toBe(true);
  });
});
