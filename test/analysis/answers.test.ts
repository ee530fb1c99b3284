import { describe, expect, it } from 'vitest';
import { answersFor } from '../../src/analyzers/local/answers.js';
import { anchorEvidence } from '../../src/verbatim-guard/verbatim.js';
import { LocalAnalyzer } from '../../src/analyzers/local/index.js';
import { guideTurns } from '../../src/analyzers/local/answer-guide.js';
import { questionStance } from '../../src/analyzers/local/answer-stance.js';
import { topicWords } from '../../src/analyzers/local/answer-topic.js';
import { answerConfidence, RELEVANCE } from '../../src/analyzers/local/answer-confidence.js';
import type { Utterance } from '../../src/domain/transcript.js';
import { ctx, fixtureUtterances, stored, uuid } from './support.js';

const utterances = fixtureUtterances('creatives-1.txt');

async function evidence() {
  const proposed = await new LocalAnalyzer().extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx());
  return stored(anchorEvidence('iv', proposed, utterances).units);
}

describe('answers (BM25F over evidence with the interviewer question as context)', () => {
  it('links evidence from the turns that answer the question the interviewer asked', async () => {
    const ev = await evidence();
    // The turn after "What concerns, if any, do you have about AI's presence in your field?"
    const asked = utterances.findIndex((u) => u.role === 'interviewer' && /what concerns/i.test(u.text));
    expect(asked).toBeGreaterThan(0);
    const [a] = answersFor({
      interviewId: 'iv', projectId: 'p', utterances, evidence: ev,
      questions: [{ id: uuid(1), text: 'What concerns do participants have about AI in their field?' }],
    });
    expect(a!.status).toBe('answered');
    expect(a!.evidenceIds.length).toBeGreaterThan(0);
    expect(a!.evidenceIds.length).toBeLessThanOrEqual(5);
    const byId = new Map(ev.map((e) => [e.id, e]));
    const first = byId.get(a!.evidenceIds[0]!)!;
    expect(first.utteranceId).toBe(`u${asked + 1}`);
    expect(a!.answer).toContain(first.verbatim);
  });

  it('does not count generic words ("feel") as addressing an unrelated question', async () => {
    const [a] = answersFor({
      interviewId: 'iv', projectId: 'p', utterances, evidence: await evidence(),
      questions: [{ id: uuid(4), text: 'How do participants feel about public transport in their city?' }],
    });
    expect(a!.status).toBe('not_addressed');
  });

  it('marks an unrelated question not addressed and works with fewer than three evidence units', async () => {
    const ev = (await evidence()).slice(0, 1);
    const out = answersFor({
      interviewId: 'iv', projectId: 'p', utterances, evidence: ev,
      questions: [{ id: uuid(2), text: 'Which submarine propulsion systems are quietest?' }, { id: uuid(3), text: 'the a of' }],
    });
    expect(out.map((a) => a.status)).toEqual(['not_addressed', 'not_addressed']);
  });
});

/** A podcast-style conversation: a host who backchannels between the guest's sentences. */
function podcast(): Utterance[] {
  const turns: [string, string][] = [
    ['Host', 'Welcome to the show. How did you start your first bakery, and what made you quit your office job?'],
    ['Guest', 'I started my first bakery in a rented garage after my grandmother taught me to bake bread.'],
    ['Host', 'Right.'],
    ['Guest', 'Then I quit my office job because the bakery was selling out every weekend.'],
    ['Host', 'What does a normal weekday look like for you now?'],
    ['Guest', 'I wake up at four, check the ovens, and answer supplier emails before the shop opens.'],
    ['Host', 'Wow.'],
    ['Guest', 'Honestly the mornings are the calmest part of the day.'],
  ];
  let t = 0;
  return turns.map(([speaker, text], index) => {
    const startMs = t; t += 5000;
    return { id: `u${index}`, index, speaker, role: speaker === 'Host' ? 'interviewer' : 'participant', startMs, endMs: t - 500, text, timing: 'estimated' } as Utterance;
  });
}

describe('topic words of a research question', () => {
  it('leaves out the possessive marker and the frame of asking', () => {
    expect(topicWords("What concerns do they have about the tool's effect on their work?").map((t) => t.lemma))
      .toEqual(['concern', 'tool']); // "effect" relates the topics (see GENERIC_ASK)
  });
});

describe('answers anchored on the guide', () => {
  it('keeps a reply resumed after a backchannel ("Right.") anchored on the question before it', () => {
    const guide = guideTurns(podcast());
    expect(guide.map((g) => g.index)).toEqual([0, 4]);
    expect(guide[0]!.answers).toEqual(['u1', 'u3']);
    expect(guide[1]!.answers).toEqual(['u5', 'u7']);
  });

  it('counts the reply to a short follow-up probe ("Why?") as answering the question it probes too', () => {
    const base = podcast();
    const probe: Utterance[] = [
      { ...base[0]!, id: 'u0' },
      { ...base[1]!, id: 'u1' },
      { ...base[2]!, id: 'u2', text: 'Why a garage?' },
      { ...base[3]!, id: 'u3', text: 'Rent was cheap and the oven fit.' },
    ].map((u, index) => ({ ...u, index }));
    const guide = guideTurns(probe);
    expect(guide.map((g) => [g.index, g.answers])).toEqual([[0, ['u1', 'u3']], [2, ['u3']]]);
  });

  it('answers a question the host asked from the reply, and leaves one nobody asked or spoke to not addressed', async () => {
    const utterances = podcast();
    const proposed = await new LocalAnalyzer().extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx());
    const ev = stored(anchorEvidence('iv', proposed, utterances).units);
    const [started, hiring] = answersFor({
      interviewId: 'iv', projectId: 'p', utterances, evidence: ev,
      questions: [
        { id: uuid(1), text: 'How did participants start their bakery business?' },
        { id: uuid(2), text: 'How do participants hire and train new employees?' },
      ],
    });
    const byId = new Map(ev.map((e) => [e.id, e]));
    expect(started!.status).toBe('answered');
    expect(started!.evidenceIds.map((id) => byId.get(id)!.utteranceId).sort()).toEqual(['u1', 'u3']);
    expect(hiring!.status).toBe('not_addressed');
    expect(hiring!.evidenceIds).toEqual([]);
  });

  it("gives an answer's confidence as the mean calibrated relevance of its linked units", () => {
    const guide = { askingTurns: 1, guideTurns: 12, replyUnits: 3 };
    const anchored = answerConfidence([0, 1, 2].map((rank) => ({ anchored: true, rank, coverage: 1, askCoverage: 1, ...guide })));
    const loosely = answerConfidence([0, 1].map((rank) => ({ anchored: true, rank, coverage: 1, askCoverage: 0.5, ...guide })));
    const searched = answerConfidence([0, 1, 2].map((rank) => ({ anchored: false, rank, coverage: 0.5, askCoverage: 0, ...guide })));
    // a free conversation of 80 asking turns, or two turns tying for the question: a doubtful anchor
    const conversation = answerConfidence([0, 1].map((rank) => ({ anchored: true, rank, coverage: 1, askCoverage: 1, ...guide, guideTurns: 80 })));
    const tied = answerConfidence([0, 1].map((rank) => ({ anchored: true, rank, coverage: 1, askCoverage: 1, ...guide, askingTurns: 2 })));
    expect(anchored).toBeCloseTo(RELEVANCE.guide['anchored-close']!, 2);
    expect(loosely).toBeCloseTo(RELEVANCE.guide['anchored-loose']!, 2);
    expect(loosely).toBeLessThan(anchored);
    // no guide's search hit in the tuning labels: the lower of a conversation's and the guide's pooled share
    expect(searched).toBeCloseTo(RELEVANCE.conversation['search-covered']!, 2);
    expect(anchored).toBeGreaterThan(searched);
    expect(conversation).toBeCloseTo(RELEVANCE.guide['anchored-ambiguous']!, 2);
    expect(tied).toBe(conversation);
    expect(conversation).toBeLessThan(loosely);
    // a free conversation's units ranked by their turn (answer-turns.ts) have a bin of their own
    const byTurn = answerConfidence([0, 1].map((rank) => ({ anchored: false, byTurn: true, rank, coverage: 1, askCoverage: 0, ...guide, guideTurns: 80, conversation: true })));
    expect(byTurn).toBeCloseTo(RELEVANCE.conversation['by-turn']!, 2);
  });
});

describe('answers rank the kind of statement the question asks for first', () => {
  // one reply says a practice and a wish; a practice question and a wish question both anchor on it
  const turns: [string, string][] = [
    ['AI', 'Walk me through how you use the ordering app in your bakery.'],
    ['User', 'I check the ordering app every morning to see which bakery orders came in overnight. I wish the ordering app could also print the delivery labels for the bakery vans. Then I plan the baking list from those orders.'],
    ['AI', 'What worries you about the ordering app?'],
    ['User', 'Sometimes the ordering app crashes during the lunch rush and we lose orders.'],
  ];
  const utterances = turns.map(([speaker, text], index) => ({
    id: `u${index}`, index, speaker, role: speaker === 'AI' ? 'interviewer' : 'participant', startMs: index * 5000, endMs: index * 5000 + 4500, text, timing: 'estimated',
  }) as Utterance);

  it('reads the kind from the wording: a wish or improvement wants goals, a practice behavior', () => {
    expect([...questionStance('What would make the ordering app more useful?')]).toContain('goal');
    expect([...questionStance('How could onboarding be better?')]).toEqual(['goal']);
    expect([...questionStance('How do bakers currently use the ordering app?')]).toEqual(['behavior']);
    expect([...questionStance('How do clients react to their use of AI?')]).toEqual([]); // "use" as a noun
  });

  it('quotes the practice for a practice question and the wish for a wish question from the same reply', async () => {
    const proposed = await new LocalAnalyzer().extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx());
    const ev = stored(anchorEvidence('iv', proposed, utterances).units);
    const [use, wish] = answersFor({
      interviewId: 'iv', projectId: 'p', utterances, evidence: ev,
      questions: [
        { id: uuid(1), text: 'How do bakers use the ordering app in their bakery?' },
        { id: uuid(2), text: 'What would make the ordering app more useful in their bakery?' },
      ],
    });
    const first = (ids: string[]) => ev.find((e) => e.id === ids[0])!;
    expect(first(use!.evidenceIds).verbatim).toMatch(/^I check the ordering app/);
    expect(first(wish!.evidenceIds).verbatim).toMatch(/^I wish/);
    expect(use!.answer).not.toBe(wish!.answer);
  });
});
