import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createHarness, http } from '../support/harness.js';
import { startRun } from '../../src/flows/start-run.js';
import { startWorkers } from '../../src/worker/step-workers.js';
import { exampleQuestions, studyInterviews, waitForSynthesis } from '../support/synthesis-fixtures.js';
import type { ProjectSynthesisView } from '../../src/ports/synthesis-store.js';
import type { SynthesisInput } from '../../src/domain/synthesis.js';

/**
 * The synthesis in content terms: every database id (random per row) replaced by the content key
 * the synthesis input gives it (transcript hash, speaker, span), run metadata left out.
 */
function canonical(view: ProjectSynthesisView, input: SynthesisInput): string {
  const key = new Map<string, string>();
  input.evidence.forEach((e) => key.set(e.id, e.key));
  input.participants.forEach((p) => key.set(p.personId, p.key));
  input.interviews.forEach((i) => key.set(i.id, i.key));
  input.questions.forEach((q) => key.set(q.id, q.text));
  const ivKey = new Map(input.interviews.map((i) => [i.id, i.key]));
  input.answers.forEach((a) => key.set(a.id, `${ivKey.get(a.interviewId)}/${key.get(a.questionId)}`));
  const { committedRun: _c, latestRun: _l, projectId: _p, projectName: _n, ...content } = view;
  const stripped = {
    ...content,
    themes: content.themes.map(({ id: _id, ...t }) => t),
    answers: content.answers.map(({ id: _id, ...a }) => a),
    personas: content.personas.map(({ id: _id, ...p }) => p),
  };
  return JSON.stringify(stripped).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (m) => key.get(m) ?? `UNKNOWN(${m})`);
}

describe('order independence', () => {
  it('the same 20 interviews, analysed one at a time and again eight at a time in reverse order, give an identical local synthesis', async () => {
    const env: Record<string, string> = { SYNTHESIS_DEBOUNCE_MS: '500', MAX_CONCURRENT_SUBMISSIONS: '50' };
    for (const q of ['TRANSCRIBE', 'EVIDENCE', 'INSIGHTS', 'PERSONAS', 'ANSWERS', 'FINALIZE']) env[`QUEUE_${q}_CONCURRENCY`] = '1';
    const h = await createHarness({ env, workers: false });
    try {
      const projectId = randomUUID();
      const questions = exampleQuestions();
      const ids: string[] = [];
      for (const iv of studyInterviews(20)) {
        const res = await http(h.baseUrl, 'POST', '/v1/interviews', { ...iv, projectId, questions, interviewers: ['AI', 'Assistant'] });
        expect(res.status).toBe(202);
        ids.push(res.body.analysisJobId);
      }
      // one at a time: interviews finish in submission order, syntheses see growing subsets
      let workers = h.startWorkers();
      for (const id of ids) await h.waitForJob(id, (j) => j.status === 'completed', 150_000);
      const first = await waitForSynthesis(h.rt.store, h.rt.queues.get('synthesize'), projectId, 20, 90_000);
      const serial = canonical(first, await h.rt.store.loadSynthesisInput(projectId));
      await workers.close();

      // the same interviews analysed again from the insights step, eight at a time, in reverse
      const queues = Object.fromEntries(Object.entries(h.rt.config.queues).map(([n, q]) => [n, { ...q, concurrency: 8 }])) as typeof h.rt.config.queues;
      const deps = { store: h.rt.store, queues: h.rt.queues, queueConfig: queues };
      for (const id of [...ids].reverse()) await startRun(deps, id, { resumeFrom: 'insights' });
      workers = startWorkers({ ...h.rt, config: { ...h.rt.config, queues } });
      try {
        for (const id of ids) await h.waitForJob(id, (j) => j.status === 'completed' && j.currentRun === 2, 150_000);
        const again = await waitForSynthesis(h.rt.store, h.rt.queues.get('synthesize'), projectId, 20, 90_000);
        expect(again.committedRun!.generation).toBeGreaterThan(first.committedRun!.generation);
        const parallel = canonical(again, await h.rt.store.loadSynthesisInput(projectId));
        expect(serial).not.toContain('UNKNOWN');
        expect(JSON.parse(serial).themes.length).toBeGreaterThan(0);
        expect(parallel).toBe(serial);
      } finally {
        await workers.close();
      }
    } finally {
      await h.close();
    }
  }, 420_000);
});
