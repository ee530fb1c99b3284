import { describe, expect, it } from 'vitest';
import { frameWords, sameFamily, topicCoverage, topicOver, topicSlots, vocabularyOf, wordBag } from '../../src/analyzers/local/answer-topic.js';
import { answersFor } from '../../src/analyzers/local/answers.js';
import { RELEVANCE } from '../../src/analyzers/local/answer-confidence.js';
import { conversational } from '../../src/analyzers/local/answer-guide.js';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { tokens } from '../../src/analyzers/local/nlp.js';
import { isContent } from '../../src/analyzers/local/semantic/embed.js';
import { anchorEvidence } from '../../src/verbatim-guard/verbatim.js';
import type { Utterance } from '../../src/domain/transcript.js';
import { ctx, stored, uuid } from './support.js';

const slots = (q: string) => topicSlots(q).map((s) => s.map((a) => a.map((t) => t.lemma).join(' ')).join('|'));
const bag = (text: string) => wordBag(tokens(text).filter(isContent));

describe('the topic of a research question', () => {
  it('makes alternatives joined by "or" one slot, a multi-word alternative a phrase', () => {
    expect(slots('How does AI affect their sense of ownership, authenticity or creative identity?'))
      .toEqual(['ownership|authenticity|creative identity', 'ai']);
    expect(slots('How do clients, peers or audiences react to their use of AI?')).toEqual(['client|peer|audience', 'react', 'ai']);
    // "guide" is the clause's verb here, not part of the phrase "principles guide"
    expect(slots('What values or principles guide how teams run their company?')).toEqual(['value|principle', 'guide', 'team', 'run', 'company']);
  });

  it('fills a phrase slot only with the phrase, a word slot with a word of its family', () => {
    const q = 'How does AI affect their sense of ownership, authenticity or creative identity?';
    const texts = ['My creative process is slow.', 'My creative identity is mine.', 'The work would come off as inauthentic.'];
    const topic = topicOver(q, vocabularyOf(texts.map(bag)));
    expect(texts.map((t) => topicCoverage(topic, bag(t)))).toEqual([0, 0.5, 0.5]);
    expect(sameFamily('inauthentic', 'authenticity')).toBe(true);
    expect(sameFamily('familiar', 'family')).toBe(false);
  });

  it('negates a quality or a thing, not an action: a name such as "Instart" is no form of "start"', () => {
    const texts = ['We worked with Instart on our delivery network.', 'We started the company in a garage.'];
    const topic = topicOver('How did they start their company?', vocabularyOf(texts.map(bag)));
    expect(topic.find((s) => s.same.has('start'))!.same.has('instart')).toBe(false);
    expect(texts.map((t) => topicCoverage(topic, bag(t)))).toEqual([0, 1]);
  });

  it('takes words most of the questions share as the study frame, no slot of their own', () => {
    const questions = ['How did founders start their company?', 'How do founders hire their first employees?', 'What values guide founders?'];
    const frame = frameWords(questions);
    expect([...frame]).toEqual(['founder']);
    // two of three questions sharing a word is not the study's frame yet
    expect([...frameWords(['How do nurses handle night shifts?', 'What do nurses dislike about night shifts?', 'How do nurses rest?'])]).toEqual(['nurse']);
    const topic = topicOver(questions[1]!, new Map(), frame);
    // "founders" alone says nothing about hiring; as how a turn asks it, it counts half
    expect(topicCoverage(topic, bag('Our founders met at a weekend.'))).toBe(0);
    expect(topicCoverage(topic, bag('Our founders hire friends.'), 0.5)).toBeCloseTo(1.5 / 2.5, 5);
  });
});

function talk(turns: [string, string][]): Utterance[] {
  let t = 0;
  return turns.map(([speaker, text], index) => {
    const startMs = t; t += 5000;
    return { id: `u${index}`, index, speaker, role: speaker === 'Host' ? 'interviewer' : 'participant', startMs, endMs: t - 500, text, timing: 'estimated' } as Utterance;
  });
}

describe('search when no turn asks the question', () => {
  it('needs two of a two-slot topic, not one word of it', async () => {
    const utterances = talk([
      ['Host', 'What does a normal weekday look like for you now?'],
      ['Guest', 'This was not a client project, but I analysed film scores with it every morning.'],
      ['Host', 'And on weekends?'],
      ['Guest', 'I rewrite the whole score on the weekend when a draft sounds wrong to me.'],
    ]);
    const proposed = await new LocalAnalyzer().extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx());
    const ev = stored(anchorEvidence('iv', proposed, utterances).units);
    const [reacting, rewriting] = answersFor({
      interviewId: 'iv', projectId: 'p', utterances, evidence: ev,
      questions: [{ id: uuid(1), text: 'How do clients or peers react?' }, { id: uuid(2), text: 'Why do composers rewrite a score?' }],
    });
    expect(reacting!.status).toBe('not_addressed'); // "a client project" is not how clients react
    const byId = new Map(ev.map((e) => [e.id, e]));
    expect(rewriting!.evidenceIds.map((id) => byId.get(id)!.utteranceId)).toEqual(['u3']);
  });
});

describe('a free conversation (more than 30 asking turns)', () => {
  const filler: [string, string][] = Array.from({ length: 31 }, (_, i) => [
    ['Host', `What did you have for lunch on day ${i + 1}?`],
    ['Guest', `On day ${i + 1} I had soup with a friend from school.`],
  ] as [string, string][]).flat();
  async function answer(turns: [string, string][], question: string) {
    const utterances = talk([...filler, ...turns]);
    const proposed = await new LocalAnalyzer().extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx());
    const ev = stored(anchorEvidence('iv', proposed, utterances).units);
    const [a] = answersFor({ interviewId: 'iv', projectId: 'p', utterances, evidence: ev, questions: [{ id: uuid(1), text: question }] });
    const byId = new Map(ev.map((e) => [e.id, e]));
    return { a: a!, turns: a!.evidenceIds.map((id) => Number(byId.get(id)!.utteranceId.slice(1)) - filler.length) };
  }

  it('takes a loosely phrased question as asked when the turn and its reply say the topic', async () => {
    const { turns } = await answer([
      ['Host', 'Tell me about the bakery?'],
      ['Guest', 'My sister and I started it in a rented garage ten years ago.'],
    ], 'How did the owners start the bakery?');
    expect(turns).toEqual([1]);
  });

  it('answers from the reply that says the topic as a whole, though no sentence of it does alone', async () => {
    const { a, turns } = await answer([
      ['Host', 'So what happened after the market season?'],
      ['Guest', 'Hiring turned out to be slow and painful for us. Our first three employees were regulars from the farmers market.'],
      ['Host', 'And the weather that winter?'],
      ['Guest', 'It rained for weeks, and one employee joked that the stall needed a boat.'],
    ], 'How do founders hire their first employees?');
    expect(a.status).toBe('answered');
    expect(new Set(turns)).toEqual(new Set([1])); // not the joke: it mentions an employee, not hiring
  });

  it('answers a question the conversation says one word of where the host asks it in that word and the reply says it', async () => {
    const turns: [string, string][] = [
      ['Host', 'Did your family help you with the bakery?'],
      ['Guest', 'Yes, my family lent us the money for the first oven, and my uncle fixed the roof.'],
      ['Host', 'What about the weekends?'],
      ['Guest', 'On weekends my family visits the shop and we bake bread together.'],
    ];
    // nobody says "career" (nor a close word): the question was asked as "family", so the turn
    // whose question and reply both say it answers; the reply that mentions family unasked does not
    const { a, turns: linked } = await answer(turns, 'What role did family play in their careers?');
    expect(a.status).toBe('answered');
    expect(new Set(linked)).toEqual(new Set([1]));
    // a question two of whose words the conversation says still needs both in one exchange
    const both = await answer(turns, 'How did family and friends help the bakery?');
    expect(both.turns.every((t) => t === 1)).toBe(true);
  });
});

describe('a conversation whose host comments between the asks', () => {
  // 8 asks: fewer than a structured guide has; after each reply a comment, a backchannel or nothing
  const turns = (between: string | null): [string, string][] => [
    ...Array.from({ length: 7 }, (_, i): [string, string][] => [
      ['Host', `What did you have for lunch on day ${i + 1}?`],
      ['Guest', `On day ${i + 1} I had soup with a friend from school.`],
      ...(between ? [['Host', between.replace('N', String(i + 1))] as [string, string]] : []),
    ]).flat(),
    ['Host', 'How did you start the bakery?'],
    ['Guest', 'My sister and I started the bakery in a rented garage ten years ago.'],
  ];
  async function confidence(between: string | null) {
    const utterances = talk(turns(between));
    const proposed = await new LocalAnalyzer().extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx());
    const ev = stored(anchorEvidence('iv', proposed, utterances).units);
    const [a] = answersFor({ interviewId: 'iv', projectId: 'p', utterances, evidence: ev, questions: [{ id: uuid(1), text: 'How did the owners start the bakery?' }] });
    expect(a!.status).toBe('answered');
    return a!.confidence;
  }

  it('is a free conversation however few its asks: ranked by turn, with a conversation\'s confidence', async () => {
    expect(conversational(talk(turns('Oh, I love soup, I had some on day N too, it was great.')))).toBe(true);
    expect(await confidence('Oh, I love soup, I had some on day N too, it was great.')).toBe(RELEVANCE.conversation['by-turn']);
  });

  it('stays a guide when the interviewer only backchannels or says nothing between the asks', async () => {
    expect(conversational(talk(turns('Mm-hmm, nice.')))).toBe(false);
    // a greeting before the first question and thanks after the last are no comments between the asks
    const thanks: [string, string] = ['Host', 'Thank you so much for your time and for sharing your experiences so openly today.'];
    const framed: [string, string][] = [['Host', 'Welcome, and thank you for joining this interview about your work at the bakery today.'], ...turns(null), thanks, ['Guest', 'Thanks!'], thanks, ['Guest', 'Bye.'], thanks];
    expect(conversational(talk(framed))).toBe(false);
    // the host's turn asks half the topic ("owners" unsaid): anchored loosely
    expect(await confidence('Mm-hmm, nice.')).toBe(RELEVANCE.guide['anchored-loose']);
    expect(await confidence(null)).toBe(RELEVANCE.guide['anchored-loose']);
  });
});

describe('a free conversation that says the question\'s concept in its own words', () => {
  const turns: [string, string][] = [
    ...Array.from({ length: 7 }, (_, i): [string, string][] => [
      ['Host', `What did you have for lunch on day ${i + 1}?`],
      ['Guest', `On day ${i + 1} I had soup with a friend from school.`],
      ['Host', `Oh, I love soup, I had some on day ${i + 1} too, it was great.`],
    ]).flat(),
    ['Host', 'Who helped you when you opened the shop?'],
    ['Guest', 'My husband baked bread every night, and our daughter ran the counter after school.'],
  ];

  it('answers a question nobody words ("family") from the turn saying it with two close words, before leaving it not addressed', async () => {
    const utterances = talk(turns);
    const proposed = await new LocalAnalyzer().extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx());
    const ev = stored(anchorEvidence('iv', proposed, utterances).units);
    const [family, hiring] = answersFor({
      interviewId: 'iv', projectId: 'p', utterances, evidence: ev,
      questions: [{ id: uuid(1), text: 'What role did family play?' }, { id: uuid(2), text: 'How do founders hire their first employees?' }],
    });
    const byId = new Map(ev.map((e) => [e.id, e]));
    expect(family!.status).toBe('answered');
    expect(family!.evidenceIds.map((id) => byId.get(id)!.utteranceId)).toEqual([`u${turns.length - 1}`]);
    expect(hiring!.status).toBe('not_addressed');
  });
});
