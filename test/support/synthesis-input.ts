import { createHash } from 'node:crypto';
import type { FacetKind } from '../../src/domain/analysis.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';

/** A deterministic uuid from a label (tests compare outputs across id spaces). */
export function uuidOf(label: string): string {
  const h = createHash('sha256').update(label).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = [
  { code: 'Slow data cleaning', words: 'cleaning the data takes most of my week and the scripts break constantly', facet: 'pain' },
  { code: 'Trust in automated checks', words: 'automated checks catch errors early so I trust the results more', facet: 'gain' },
  { code: 'Sharing results with colleagues', words: 'sharing results with colleagues happens in weekly meetings with slides', facet: 'workflow' },
  { code: 'Learning new tools', words: 'learning a new analysis tool costs weeks before it pays back', facet: 'pain' },
  { code: 'Publishing pressure', words: 'the pressure to publish quickly shapes which experiments we run', facet: 'context' },
] as const;

/**
 * A synthesis input like a study of `interviews` interviews: one participant each (some with
 * a second), each speaking to some topics; per-interview codes name the topics they touched;
 * per-interview answers cite the participant's units. Names are stable labels so two calls with
 * different `idSpace` give the same content under different ids.
 */
export function synthesisInput(opts: { interviews: number; unitsPerParticipant?: number; seed?: number; idSpace?: string; questions?: string[] }): SynthesisInput {
  const rand = rng(opts.seed ?? 7);
  const space = opts.idSpace ?? 'a';
  const id = (label: string) => uuidOf(`${space}/${label}`);
  const questions = (opts.questions ?? ['What slows their analysis down?', 'How do they share results?', 'What do they think about quantum gravity?'])
    .map((text, position) => ({ id: id(`q${position}`), text, position }));
  const input: SynthesisInput = { projectId: id('project'), questions, interviews: [], participants: [], evidence: [], codes: [], answers: [], customInstructions: null };
  for (let i = 0; i < opts.interviews; i++) {
    const iv = { id: id(`iv${i}`), key: `k${String(i).padStart(5, '0')}`, title: `Interview ${i}` };
    input.interviews.push(iv);
    const people = rand() < 0.2 ? ['Participant', 'Colleague'] : ['Participant'];
    const codeUnits = new Map<string, string[]>();
    const answerUnits = new Map<number, string[]>();
    for (const speaker of people) {
      const personId = id(`iv${i}/${speaker}`);
      const counts: Record<string, number> = {};
      const n = opts.unitsPerParticipant ?? 30;
      // each participant leans to two topics: personas and themes have structure to find
      const lean = [Math.floor(rand() * TOPICS.length), Math.floor(rand() * TOPICS.length)];
      for (let u = 0; u < n; u++) {
        const topicIdx = rand() < 0.7 ? lean[u % 2]! : Math.floor(rand() * TOPICS.length);
        const topic = TOPICS[topicIdx]!;
        const evId = id(`iv${i}/${speaker}/${u}`);
        const facets: { kind: FacetKind; value: string }[] = rand() < 0.8 ? [{ kind: topic.facet, value: topic.code.toLowerCase() }] : [];
        if (rand() < 0.3) facets.push({ kind: 'goal', value: 'finish sooner' });
        for (const f of facets) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
        input.evidence.push({
          id: evId, interviewId: iv.id, personId, key: `${iv.key}/${String(u * 1000).padStart(8, '0')}-${u * 1000 + 900}/${speaker}`,
          verbatim: `${speaker} ${i}.${u}: ${topic.words}${u % 3 === 0 ? ' and I would like to finish sooner.' : '.'}`,
          gist: topic.code, confidence: Math.round((0.5 + rand() * 0.4) * 100) / 100, facets, question: '',
        });
        if (rand() < 0.8) codeUnits.set(topic.code, [...(codeUnits.get(topic.code) ?? []), evId]);
        if (topicIdx === 0 || topicIdx === 3) answerUnits.set(0, [...(answerUnits.get(0) ?? []), evId]);
        if (topicIdx === 2) answerUnits.set(1, [...(answerUnits.get(1) ?? []), evId]);
      }
      input.participants.push({ personId, interviewId: iv.id, key: `${iv.key}/${speaker}`, name: speaker, evidenceCount: n, facetCounts: counts });
    }
    for (const [code, ids] of codeUnits) input.codes.push({ interviewId: iv.id, name: code, statement: `Participants talk about ${code.toLowerCase()}.`, evidenceIds: ids });
    questions.forEach((q, qi) => {
      // only the first interview speaks to the last question: "not enough evidence"
      const ids = qi === 2 ? (i === 0 ? [id(`iv${i}/Participant/0`)] : []) : (answerUnits.get(qi) ?? []).slice(0, 6);
      input.answers.push({
        id: id(`iv${i}/a${qi}`), interviewId: iv.id, questionId: q.id,
        status: ids.length ? 'answered' : 'not_addressed', answer: ids.length ? 'yes' : null, confidence: 0.6, evidenceIds: ids,
      });
    });
  }
  return input;
}

/** The same input in another order (Fisher-Yates on every list). */
export function shuffled(input: SynthesisInput, seed: number): SynthesisInput {
  const rand = rng(seed);
  const mix = <T>(xs: T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return {
    ...input,
    questions: mix(input.questions), interviews: mix(input.interviews), participants: mix(input.participants),
    evidence: mix(input.evidence), codes: mix(input.codes).map((c) => ({ ...c, evidenceIds: mix(c.evidenceIds) })),
    answers: mix(input.answers).map((a) => ({ ...a, evidenceIds: mix(a.evidenceIds) })),
  };
}
