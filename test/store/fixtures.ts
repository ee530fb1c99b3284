import { randomUUID } from 'node:crypto';
import type { Utterance } from '../../src/domain/transcript.js';
import type { NewInterview, StepCommits, Store } from '../../src/ports/store.js';

/**
 * Realistic step payloads for the store contract: a short interview in the style of the
 * anthropic-interviewer material (interviewer "AI", a media composer as participant).
 */
export const TURNS: [speaker: string, role: Utterance['role'], text: string][] = [
  ['AI', 'interviewer', 'Could you tell me a bit about your creative work and what a typical project looks like for you?'],
  ['Composer', 'participant', "I'm a media composer. I write music for film, tv, video artwork and installations. Depending on the project I do everything from sound design to recording."],
  ['AI', 'interviewer', 'How do you use AI tools in that work today?'],
  ['Composer', 'participant', 'Mostly for admin. I use it to draft cue sheets and emails, which used to eat a whole afternoon every week.'],
  ['AI', 'interviewer', 'Is there anything you would not hand to an AI?'],
  ['Composer', 'participant', "The melody itself. If a director hears something generic they notice immediately, and my name is on it, so I don't trust generated themes."],
];

export const QUESTIONS = ['How do creatives use AI in their daily work?', 'Where do creatives draw the line with AI?'];

export function newInterview(accountId: string = randomUUID(), projectId: string = randomUUID(), over: Partial<NewInterview> = {}): NewInterview {
  return {
    accountId, projectId, title: 'Media composer interview',
    source: { kind: 'transcript', format: 'turns' },
    rawTranscript: TURNS.map(([s, , t]) => `${s}: ${t}`).join('\n\n'),
    interviewers: ['AI'], questions: QUESTIONS, customInstructions: 'Focus on trust in AI tools.',
    metadata: { source: 'contract-test' },
    ...over,
  };
}

export function transcribeOutput(): StepCommits['transcribe'] {
  let t = 0;
  const utterances: Utterance[] = TURNS.map(([speaker, role, text], index) => {
    const startMs = t;
    t += 400 + text.length * 55;
    return { id: `u${index}`, index, speaker, role, startMs, endMs: t, text, timing: 'estimated' };
  });
  return {
    utterances,
    transcript: TURNS.map(([s, , x]) => `${s}: ${x}`).join('\n'),
    durationMs: t,
    provider: 'transcript',
  };
}

/** Evidence quotes taken verbatim from the participant turns, anchored inside them. */
export function evidenceOutput(tr = transcribeOutput()): StepCommits['evidence'] {
  const quote = (idx: number, verbatim: string, gist: string, kind: 'pain' | 'tool' | 'value') => {
    const u = tr.utterances[idx]!;
    const at = u.text.indexOf(verbatim);
    if (at < 0) throw new Error(`fixture quote not in utterance ${idx}`);
    const per = (u.endMs - u.startMs) / u.text.length;
    const startMs = Math.round(u.startMs + at * per);
    const endMs = Math.round(u.startMs + (at + verbatim.length) * per);
    return {
      key: `k-${idx}-${at}`, utteranceId: u.id, utteranceIdx: idx, speaker: u.speaker, verbatim, gist,
      startMs, endMs, anchor: 'interpolated' as const, confidence: 0.8, facets: [{ kind, value: gist }],
    };
  };
  return {
    people: [
      { speaker: 'AI', name: 'AI interviewer', role: 'interviewer' },
      { speaker: 'Composer', name: 'Media composer', role: 'participant' },
    ],
    evidence: [
      quote(3, 'I use it to draft cue sheets and emails', 'Uses AI for admin paperwork', 'tool'),
      quote(3, 'used to eat a whole afternoon every week', 'Admin used to cost an afternoon weekly', 'pain'),
      quote(5, "I don't trust generated themes", 'Does not trust AI-generated melodies', 'value'),
    ],
    stats: { proposed: 3, kept: 3, repaired: 0, dropped: 0 },
  };
}

/** The three parallel steps' outputs, built from what the store returns (ids, people, questions). */
export async function parallelOutputs(store: Store, interviewId: string) {
  const evidence = await store.loadEvidence(interviewId);
  const people = await store.loadPeople(interviewId);
  const questions = await store.loadQuestions(interviewId);
  const byKey = (k: string) => evidence.find((e) => e.key.startsWith(k))!.id;
  const participant = people.find((p) => p.role === 'participant')!;
  const insights: StepCommits['insights'] = {
    themes: [
      { name: 'AI as admin assistant', statement: 'Creatives hand paperwork to AI to win back time.', inclusionCriteria: 'Admin tasks',
        evidence: [{ evidenceId: byKey('k-3-'), confidence: 0.9 }] },
      { name: 'Authorship  is sacred', statement: 'The creative core stays human because their name is on it.', inclusionCriteria: '',
        evidence: [{ evidenceId: evidence[2]!.id, confidence: 0.85 }] },
    ],
  };
  const personas: StepCommits['personas'] = {
    personas: [{
      name: 'Pragmatic composer', description: 'Delegates chores, guards the art.',
      goals: ['more time composing'], pains: ['admin overhead'],
      assignments: [{ personId: participant.id, confidence: 0.7, evidenceIds: [evidence[0]!.id, evidence[2]!.id] }],
    }],
  };
  const answers: StepCommits['answers'] = {
    answers: [
      { questionId: questions[0]!.id, status: 'answered', answer: 'For admin: cue sheets and emails.', confidence: 0.8,
        evidenceIds: [evidence[0]!.id, evidence[1]!.id] },
      { questionId: questions[1]!.id, status: 'partially_answered', answer: 'Melodies stay human.', confidence: 0.6,
        evidenceIds: [evidence[2]!.id] },
    ],
  };
  return { insights, personas, answers, evidence, people, questions };
}
