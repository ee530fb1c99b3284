import { describe, expect, it } from 'vitest';
import { calibration, computeMetrics } from '../../scripts/eval/metrics.js';
import { truncated, wilson } from '../../scripts/eval/quality.js';
import type { ProjectOutput } from '../../scripts/eval/project.js';
import type { Interview } from '../../scripts/eval/dataset.js';
import type { Utterance } from '../../src/domain/transcript.js';
import { uuid } from './support.js';

const utt = (index: number, role: Utterance['role'], text: string): Utterance => ({
  id: `u${index}`, index, speaker: role === 'participant' ? 'User' : 'AI', role, startMs: index * 1000, endMs: index * 1000 + 900, text, timing: 'estimated',
});
const long = 'word '.repeat(30).trim();
const interviews: Interview[] = ['a', 'b', 'c'].map((id) => ({
  id, utterances: [utt(0, 'interviewer', 'What do you do?'), utt(1, 'participant', `I paint murals. ${long}`), utt(2, 'participant', long)],
}));
const evidence = (iv: string, n: number, idx: number, verbatim: string, extra: Partial<{ startMs: number; facets: { kind: 'pain' | 'gain'; value: string }[] }> = {}) => ({
  id: uuid(n), personId: null, utteranceId: `u${idx}`, utteranceIdx: idx, key: `${iv}${n}`, speaker: 'User', verbatim, gist: 'g',
  startMs: extra.startMs ?? idx * 1000, endMs: idx * 1000 + 500, anchor: 'interpolated' as const, confidence: 0.5, facets: extra.facets ?? [],
});

describe('eval metrics', () => {
  it('computes the issue table from analyzer outputs', () => {
    const out: ProjectOutput = {
      questions: [{ id: uuid(900), text: 'q' }],
      personas: [],
      themes: [
        { id: uuid(800), name: 'Murals', statement: 's', inclusionCriteria: '', links: ['a', 'b', 'c'].map((iv, i) => ({ evidenceId: uuid(i * 10 + 1), interviewId: iv, confidence: 0.5 })) },
        { id: uuid(801), name: 'murals ', statement: 's', inclusionCriteria: '', links: [{ evidenceId: uuid(1), interviewId: 'a', confidence: 0.5 }] },
      ],
      interviews: [
        { interviewId: 'a', repaired: 1, dropped: 2, cpuMs: 10, personas: [], evidence: [evidence('a', 1, 1, 'I paint murals.', { facets: [{ kind: 'pain', value: 'x' }, { kind: 'gain', value: 'y' }] }), evidence('a', 2, 0, 'What do you do?')],
          answers: [{ questionId: uuid(900), status: 'answered', answer: '', confidence: 0.5, evidenceIds: [uuid(1), uuid(2)] }] },
        { interviewId: 'b', repaired: 0, dropped: 0, cpuMs: 20, personas: [], evidence: [evidence('b', 11, 1, 'I paint murals.'), evidence('b', 12, 1, 'not in the text')],
          answers: [{ questionId: uuid(900), status: 'not_addressed', answer: '', confidence: 0.5, evidenceIds: [] }] },
        { interviewId: 'c', repaired: 0, dropped: 0, cpuMs: 30, personas: [], evidence: [evidence('c', 21, 1, 'I paint murals.', { startMs: 50 })], answers: [] },
      ],
    };
    const m = computeMetrics(out, interviews,
      { units: [{ interviewId: 'a', utteranceIdx: 1, text: 'I paint murals.', facets: ['pain'] }] },
      { questions: [{ id: 'Q1', text: 'q' }], interviews: { a: { Q1: [1] }, b: { Q1: [1] } } });
    expect(m.evidenceUnits).toBe(5);
    expect(m.interviewerUnits).toBe(1);
    expect(m.verbatimPct).toBeCloseTo(60);
    expect(m.timestampsInBoundsPct).toBeCloseTo(80);
    expect(m.longTurnCoveragePct).toBeCloseTo(50);
    expect([m.repaired, m.dropped]).toEqual([1, 2]);
    expect(m.facetPrecision).toBeCloseTo(0.5);
    expect(m.facetRecall).toBeCloseTo(1);
    expect(m.themesWith3InterviewsPct).toBeCloseTo(50);
    expect(m.top10CoveragePct).toBeCloseTo(100);
    expect(m.duplicateThemeNames).toBe(1);
    expect(m.answersPrecisionAt5).toBeCloseTo(0.25);
    // one pair with links (a: confidence 0.5, precision 0.5)
    expect(m.answersCalibration).toMatchObject({ pairs: 1, ece: 0 });
    expect(calibration([{ confidence: 0.9, precision: 0.5 }, { confidence: 0.15, precision: 0.25 }]).ece).toBeCloseTo(0.25);
    expect(m.cpuMedianMs).toBe(20);
  });
});

describe('issue-15 quality measures', () => {
  it('gives Wilson 95% intervals that contain the rate and narrow with more data', () => {
    const [lo, hi] = wilson({ k: 8, n: 10 });
    expect(lo).toBeLessThan(0.8);
    expect(hi).toBeGreaterThan(0.8);
    const [lo2, hi2] = wilson({ k: 80, n: 100 });
    expect(hi2 - lo2).toBeLessThan(hi - lo);
    expect(wilson({ k: 0, n: 0 })).toEqual([0, 0]);
  });

  it('calls a persona quote truncated only when it is not said whole', () => {
    const said = ['I want my clients to hear my own voice. That matters most.'];
    expect(truncated('I want my clients to hear my own voice.', said)).toBe(false);
    expect(truncated('I want my clients to hear…', said)).toBe(true);
    expect(truncated('Something nobody said.', said)).toBe(true);
  });
});
