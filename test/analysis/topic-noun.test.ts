import { describe, expect, it } from 'vitest';
import { tokens } from '../../src/analyzers/local/nlp.js';
import { saysAsTopic, topicNouns } from '../../src/analyzers/local/semantic/topic-noun.js';

describe('topic nouns (words said as what a unit is about)', () => {
  it('leaves out tags, interjections, predicatives and discourse markers the tagger calls nouns', () => {
    for (const text of ['Right now I work at a startup, right?', 'Right. So we did it.', "Yeah, that's right.", 'We kind of did a lot of it, you know.']) {
      expect(saysAsTopic(text, 'right') || saysAsTopic(text, 'kind') || saysAsTopic(text, 'lot'), text).toBe(false);
    }
  });

  it('leaves out verbs the tagger calls nouns after a modal or "wanna"/"let me", and idioms whose meaning is not the noun\'s', () => {
    for (const text of ['I wanna talk about careers.', 'Let me talk about the tool for a moment.', "I'm gonna talk about this a little bit.", 'We could market it to schools.']) {
      expect(topicNouns(tokens(text)).filter((w) => ['talk', 'market', 'wanna', 'gonna'].includes(w)), text).toEqual([]);
    }
    expect(saysAsTopic('Ben was totally on board with it.', 'board')).toBe(false);
    expect(saysAsTopic("We're in the process of creating a new version.", 'process')).toBe(false);
    // the same nouns said as topics
    expect(saysAsTopic('There was a lot of talk about mental health.', 'talk')).toBe(true);
    expect(saysAsTopic('I sit on the board of two charities.', 'board')).toBe(true);
    expect(saysAsTopic('The hiring process was slow.', 'process')).toBe(true);
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
