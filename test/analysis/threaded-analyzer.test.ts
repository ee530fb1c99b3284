import { afterAll, describe, expect, it } from 'vitest';
import { LocalAnalyzer, ThreadedLocalAnalyzer } from '../../src/analyzers/local/index.js';
import { anchorEvidence } from '../../src/verbatim-guard/verbatim.js';
import { synthesisInput } from '../support/synthesis-input.js';
import { fileURLToPath } from 'node:url';
import { loadCodebook } from '../../src/analyzers/local/codebook.js';
import type { Analyzer } from '../../src/ports/analyzer.js';
import type { Person } from '../../src/domain/analysis.js';
import { ctx, fixtureUtterances, stored, uuid } from './support.js';

const utterances = fixtureUtterances('creatives-1.txt');
const person: Person = { id: uuid(9000), name: 'User', role: 'participant', speaker: 'User' };
const questions = [{ id: uuid(9100), text: 'How do participants use AI tools in their creative process?' }];

async function runAll(a: Analyzer) {
  const proposed = await a.extractEvidence({ interviewId: 'iv', projectId: 'p', utterances, questions }, ctx());
  const evidence = stored(anchorEvidence('iv', proposed, utterances).units, person.id);
  const themes = await a.generateInsights({ interviewId: 'iv', projectId: 'p', evidence, utterances }, ctx());
  const personas = await a.assignPersonas({ interviewId: 'iv', projectId: 'p', people: [person], evidence, existingPersonas: [], utterances }, ctx());
  const answers = await a.attributeAnswers({ interviewId: 'iv', projectId: 'p', questions, evidence, utterances }, ctx());
  const synthesis = await a.synthesize(synthesisInput({ interviews: 12 }), ctx());
  return { proposed, themes, personas, answers, synthesis };
}

describe('ThreadedLocalAnalyzer (LOCAL_ANALYZER_THREADS)', () => {
  const threaded = new ThreadedLocalAnalyzer({ threads: 2 });
  afterAll(() => threaded.close());

  it('gives exactly the in-process analyzer\'s output, also with calls running at once', async () => {
    const expected = await runAll(new LocalAnalyzer());
    expect(expected.proposed.length).toBeGreaterThan(3);
    const [a, b, c] = await Promise.all([runAll(threaded), runAll(threaded), runAll(threaded)]);
    expect(a).toEqual(expected);
    expect(b).toEqual(expected);
    expect(c).toEqual(expected);
  }, 120_000);

  it('rejects an aborted call with the signal\'s reason at once, and keeps serving calls', async () => {
    // a long call: the same transcript many times over keeps a thread busy well past the abort
    const long = Array.from({ length: 40 }, (_, k) => utterances.map((u) => ({ ...u, id: `u${k}-${u.id}`, text: `${u.text} (${k})` }))).flat();
    const controller = new AbortController();
    const running = threaded.extractEvidence({ interviewId: 'iv', projectId: 'p', utterances: long }, ctx(controller.signal));
    const waiting = Array.from({ length: 3 }, () => threaded.extractEvidence({ interviewId: 'iv', projectId: 'p', utterances: long }, ctx(controller.signal)));
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    controller.abort(new Error('deadline'));
    await expect(running).rejects.toThrow('deadline');
    for (const w of waiting) await expect(w).rejects.toThrow('deadline');
    expect(Date.now() - t0).toBeLessThan(1_000);
    // the terminated thread was replaced: the pool still answers, with the same output
    const after = await threaded.extractEvidence({ interviewId: 'iv', projectId: 'p', utterances, questions }, ctx());
    expect(after).toEqual(await new LocalAnalyzer().extractEvidence({ interviewId: 'iv', projectId: 'p', utterances, questions }, ctx()));
  }, 120_000);

  it('codes with the process-wide codebook it was given, like the in-process analyzer', async () => {
    const codebook = loadCodebook(fileURLToPath(new URL('../../examples/codebooks/ai-at-work.json', import.meta.url)));
    const withCodebook = new ThreadedLocalAnalyzer({ threads: 1, codebook });
    try {
      const proposed = await new LocalAnalyzer().extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx());
      const evidence = stored(anchorEvidence('iv', proposed, utterances).units, person.id);
      const req = { interviewId: 'iv', projectId: 'p', evidence, utterances };
      const expected = await new LocalAnalyzer({ codebook }).generateInsights(req, ctx());
      expect(expected).not.toEqual(await new LocalAnalyzer().generateInsights(req, ctx()));
      expect(await withCodebook.generateInsights(req, ctx())).toEqual(expected);
    } finally {
      await withCodebook.close();
    }
  }, 120_000);

  it('refuses calls after close', async () => {
    const a = new ThreadedLocalAnalyzer({ threads: 1 });
    await a.close();
    await expect(a.extractEvidence({ interviewId: 'iv', projectId: 'p', utterances }, ctx())).rejects.toThrow('closed');
  });
});
