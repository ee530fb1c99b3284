import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEPS } from '../../src/domain/steps.js';
import { InvalidInputError } from '../../src/domain/errors.js';
import type { Store } from '../../src/ports/store.js';
import { NotFoundError, NothingToRunError, RunActiveError, StaleRunError } from '../../src/domain/run-errors.js';
import { evidenceOutput, newInterview, parallelOutputs, transcribeOutput, TURNS } from './fixtures.js';

export interface ContractTarget {
  store: Store;
  /** Raw SQL on the same database, to check rows the Store API does not expose. */
  sql(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Runs transcribe and evidence (start + commit) for a fresh interview; returns its ids and run. */
async function throughEvidence(store: Store, accountId?: string, projectId?: string) {
  const ids = await store.createInterview(newInterview(accountId, projectId));
  const run = await store.beginRun(ids.analysisJobId, { reset: [], supersede: false });
  for (const [step, out] of [['transcribe', transcribeOutput()], ['evidence', evidenceOutput()]] as const) {
    await store.startStep(ids.analysisJobId, run.runNo, step);
    await store.commitStep(ids.analysisJobId, run.runNo, step, out as never);
  }
  return { ...ids, runNo: run.runNo };
}

/**
 * The Store contract: every driver (Postgres, PGlite, supabase-js) must pass exactly this suite.
 * It goes through the Store port only, plus raw SQL to count rows.
 */
export function storeContract(driver: string, open: () => Promise<ContractTarget>): void {
  describe(`Store contract (${driver})`, () => {
    let t: ContractTarget;
    let store: Store;
    beforeAll(async () => {
      t = await open();
      store = t.store;
    });
    afterAll(async () => {
      await t?.close();
    });

    it('reports its driver and answers ping', async () => {
      expect(store.driver).toBe(driver);
      await store.ping();
    });

    it('creates an interview with its job, project and questions', async () => {
      const input = newInterview();
      const ids = await store.createInterview(input);
      expect(ids.interviewId).toMatch(/^[0-9a-f-]{36}$/);
      const ctx = await store.loadAnalysisJobContext(ids.analysisJobId);
      expect(ctx).toMatchObject({
        analysisJobId: ids.analysisJobId, interviewId: ids.interviewId, accountId: input.accountId,
        projectId: input.projectId, currentRun: 0, status: 'queued', title: 'Media composer interview',
        source: { kind: 'transcript', format: 'turns' }, rawTranscript: input.rawTranscript,
        interviewers: ['AI'], customInstructions: 'Focus on trust in AI tools.',
      });
      // the project's name too (the finalize worker's synthesis schedule and webhooks use it)
      expect(ctx.projectName).toBe((await store.getJobProject(ids.analysisJobId))!.name);
      const job = await store.getAnalysisJob(ids.analysisJobId);
      expect(job).toMatchObject({ status: 'queued', currentRun: 0, completedSteps: [], progress: 0 });
      expect(job!.workflowState).toMatchObject({ interviewId: ids.interviewId, completedSteps: [] });
      const q = await t.sql('select question from project_questions where project_id = $1 order by position', [input.projectId]);
      expect(q.map((r) => r.question)).toEqual(input.questions);
    });

    it('refuses invalid input and unknown ids with typed errors', async () => {
      await expect(store.createInterview({ ...newInterview(), accountId: undefined as never })).rejects.toBeInstanceOf(InvalidInputError);
      const other = newInterview();
      await store.createInterview(other);
      // the project belongs to another account
      await expect(store.createInterview(newInterview(randomUUID(), other.projectId))).rejects.toBeInstanceOf(InvalidInputError);
      const missing = randomUUID();
      await expect(store.loadAnalysisJobContext(missing)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.beginRun(missing, { reset: [], supersede: false })).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.startStep(missing, 1, 'transcribe')).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.getAnalysisJob(missing)).toBeNull();
      expect(await store.getInterviewReport(missing)).toBeNull();
      expect(await store.loadEvidence(missing)).toEqual([]);
    });

    it('opens runs and refuses a second live run unless superseding (409)', async () => {
      const ids = await store.createInterview(newInterview());
      const r1 = await store.beginRun(ids.analysisJobId, { reset: [], supersede: false });
      expect(r1).toEqual({ runNo: 1, completedSteps: [], interviewId: ids.interviewId });
      await expect(store.beginRun(ids.analysisJobId, { reset: [], supersede: false })).rejects.toBeInstanceOf(RunActiveError);
      const r2 = await store.beginRun(ids.analysisJobId, { reset: [], supersede: true });
      expect(r2.runNo).toBe(2);
      expect((await store.getAnalysisJob(ids.analysisJobId))!.currentRun).toBe(2);
    });

    it('creates an interview with run 1 open in one call (as createInterview + beginRun)', async () => {
      const created = await store.createInterviewWithRun(newInterview());
      expect(created.run).toEqual({ runNo: 1, completedSteps: [], interviewId: created.interviewId });
      expect(await store.getAnalysisJob(created.analysisJobId)).toMatchObject({ status: 'queued', currentRun: 1, completedSteps: [] });
      await expect(store.beginRun(created.analysisJobId, { reset: [], supersede: false })).rejects.toBeInstanceOf(RunActiveError);
      // refused input leaves nothing behind
      const before = (await t.sql('select count(*)::int as n from interviews'))[0]!.n;
      await expect(store.createInterviewWithRun({ ...newInterview(), accountId: undefined as never })).rejects.toBeInstanceOf(InvalidInputError);
      expect((await t.sql('select count(*)::int as n from interviews'))[0]!.n).toBe(before);
    });

    it('an idempotent creation opens run 1 in the same call; the key used again returns the first, no run', async () => {
      const input = newInterview();
      const first = await store.createInterviewOnceWithRun(input, 'ext-1');
      expect(first).toMatchObject({ existing: false, run: { runNo: 1, completedSteps: [], interviewId: first.interviewId } });
      const again = await store.createInterviewOnceWithRun(input, 'ext-1');
      expect(again).toEqual({ interviewId: first.interviewId, analysisJobId: first.analysisJobId, existing: true });
      expect((await store.getAnalysisJob(first.analysisJobId))!.currentRun).toBe(1);
    });

    it('runs every step: start, commit, duplicate commit is a no-op, reads and report', async () => {
      const input = newInterview();
      const { interviewId, analysisJobId: job } = await store.createInterview(input);
      const { runNo } = await store.beginRun(job, { reset: [], supersede: false });

      expect(await store.startStep(job, runNo, 'transcribe')).toEqual({ completed: false, analysisJob: await store.loadAnalysisJobContext(job), inputs: {} });
      await store.reportProgress(job, runNo, 'transcribe', 42.4, 'reading turns');
      let view = await store.getAnalysisJob(job);
      expect(view).toMatchObject({ status: 'running', currentStep: 'transcribe', statusLine: 'transcribe: reading turns' });
      expect(view!.steps[0]).toMatchObject({ step: 'transcribe', status: 'running', progress: 42, attempts: 1 });

      const tr = transcribeOutput();
      const trResult = await store.commitStep(job, runNo, 'transcribe', tr);
      expect(trResult).toMatchObject({ utteranceCount: TURNS.length, participantTurns: 3, provider: 'transcript' });
      expect(await store.commitStep(job, runNo, 'transcribe', { ...tr, utterances: tr.utterances.slice(0, 1) })).toEqual(trResult);
      expect(await store.startStep(job, runNo, 'transcribe')).toEqual({ completed: true, result: trResult });
      const utts = await store.loadUtterances(interviewId);
      expect(utts).toEqual(tr.utterances);
      expect((await t.sql('select transcript, duration_ms from interviews where id = $1', [interviewId]))[0])
        .toEqual({ transcript: tr.transcript, duration_ms: tr.durationMs });
      expect((await store.loadQuestions(interviewId)).map((q) => q.text)).toEqual(input.questions);

      // only transcribe's start carries the transcript text
      const evStart = await store.startStep(job, runNo, 'evidence');
      if (evStart.completed) throw new Error('evidence has not run');
      expect(evStart.analysisJob).toEqual(expect.objectContaining({ analysisJobId: job, interviewId }));
      expect(evStart.analysisJob).not.toHaveProperty('rawTranscript');
      // the inputs a step asks for come with its start, as the separate readers return them
      expect(await store.startStep(job, runNo, 'evidence', ['utterances', 'questions'])).toMatchObject({
        completed: false, inputs: { utterances: tr.utterances, questions: await store.loadQuestions(interviewId) },
      });
      await store.recordUsage(job, runNo, 'evidence', { calls: 2, model: 'local', inputTokens: 1200, outputTokens: 300, cachedTokens: 100, costUsd: 0.0123 });
      await store.recordUsage(job, runNo, 'evidence', { calls: 1, inputTokens: 10, outputTokens: 5, costUsd: 0.001 });
      const ev = evidenceOutput(tr);
      const evResult = await store.commitStep(job, runNo, 'evidence', ev) as { evidenceIds: string[]; personIds: string[] };
      expect(evResult.evidenceIds).toHaveLength(3);
      expect(evResult.personIds).toHaveLength(2);
      expect(await store.commitStep(job, runNo, 'evidence', { ...ev, evidence: [] })).toEqual(evResult);
      const evidence = await store.loadEvidence(interviewId);
      expect(evidence.map((e) => e.verbatim)).toEqual(ev.evidence.map((e) => e.verbatim));
      expect(evidence[0]).toMatchObject({ utteranceId: 'u3', speaker: 'Composer', anchor: 'interpolated', facets: [{ kind: 'tool' }] });
      expect(new Set(evidence.map((e) => e.id))).toEqual(new Set(evResult.evidenceIds));
      const people = await store.loadPeople(interviewId);
      expect(people.map((p) => [p.speaker, p.role])).toEqual([['AI', 'interviewer'], ['Composer', 'participant']]);
      expect(evidence.every((e) => e.personId === people[1]!.id)).toBe(true);

      const par = await parallelOutputs(store, interviewId);
      const personasStart = await store.startStep(job, runNo, 'personas', ['people', 'evidence', 'projectPersonas']);
      expect(personasStart).toEqual({
        completed: false, analysisJob: withoutTranscript(await store.loadAnalysisJobContext(job)),
        inputs: { people, evidence, projectPersonas: await store.loadProjectPersonas(input.projectId) },
      });
      for (const step of ['insights', 'personas', 'answers'] as const) {
        await store.startStep(job, runNo, step);
        await store.commitStep(job, runNo, step, par[step] as never);
      }
      const themes = await store.loadProjectThemes(input.projectId);
      expect(themes.map((x) => x.name)).toEqual(['AI as admin assistant', 'Authorship  is sacred']);
      expect((await store.loadProjectPersonas(input.projectId)).map((p) => p.name)).toEqual(['Pragmatic composer']);
      // theme_evidence links only the supporting evidence, never the cross product
      expect((await t.sql('select count(*)::int as n from theme_evidence where interview_id = $1', [interviewId]))[0]!.n).toBe(2);

      expect(await store.startStep(job, runNo, 'finalize', ['report'])).toMatchObject({ inputs: { report: await store.getInterviewReport(interviewId) } });
      // what the finalize summary counts, in the report's orders
      expect(await store.startStep(job, runNo, 'finalize', ['summaryFacts'])).toMatchObject({ inputs: { summaryFacts: {
        evidence: 3, participants: ['Media composer'], answered: 2, answers: 2,
        themes: [{ name: 'AI as admin assistant', evidence: 1 }, { name: 'Authorship  is sacred', evidence: 1 }],
      } } });
      const fin = await store.commitStep(job, runNo, 'finalize', { summary: 'Delegates admin, keeps melodies.' });
      expect(fin).toMatchObject({ evidence: 3, insights: 2, personas: 1, answers: 2, tokens: 1515 });

      view = await store.getAnalysisJob(job);
      expect(view).toMatchObject({ status: 'completed', progress: 100, currentStep: null, completedSteps: [...STEPS], currentRun: 1 });
      expect(view!.usage).toEqual({ llmCalls: 3, inputTokens: 1210, outputTokens: 305, cachedTokens: 100, costUsd: 0.0133 });
      expect(view!.steps.map((s) => s.step)).toEqual([...STEPS]);
      expect(view!.steps.every((s) => s.status === 'completed')).toBe(true);
      expect(view!.steps[1]).toMatchObject({ model: 'local', llmCalls: 3, tokens: { input: 1210, output: 305, cached: 100 } });
      expect(view!.workflowState).toMatchObject({ interviewId, evidenceIds: evResult.evidenceIds, completedSteps: [...STEPS] });

      const report = await store.getInterviewReport(interviewId);
      expect(report).toMatchObject({
        id: interviewId, accountId: input.accountId, projectId: input.projectId, status: 'ready',
        summary: 'Delegates admin, keeps melodies.', analysisJobId: job,
      });
      expect(report!.evidence).toHaveLength(3);
      expect(report!.people).toHaveLength(2);
      expect(report!.insights.map((i) => [i.name, i.evidence.map((e) => e.evidenceId)])).toEqual([
        ['AI as admin assistant', [evidence[0]!.id]], ['Authorship  is sacred', [evidence[2]!.id]],
      ]);
      expect(report!.insights[0]!.evidence[0]).toMatchObject({ startMs: evidence[0]!.startMs, verbatim: evidence[0]!.verbatim });
      expect(report!.personas[0]).toMatchObject({ name: 'Pragmatic composer', personId: people[1]!.id, goals: ['more time composing'] });
      expect(report!.personas[0]!.evidenceIds.sort()).toEqual([evidence[0]!.id, evidence[2]!.id].sort());
      expect(report!.answers.map((a) => [a.question, a.status, a.evidenceIds.length])).toEqual([
        [input.questions![0], 'answered', 2], [input.questions![1], 'partially_answered', 1],
      ]);
      const events = await t.sql('select event from analytics_events where analysis_job_id = $1', [job]);
      expect(events).toEqual([{ event: 'interview_analyzed' }]);

      // a finished job has nothing left to run, unless steps are reset (resumeFrom)
      await expect(store.beginRun(job, { reset: [], supersede: false })).rejects.toBeInstanceOf(NothingToRunError);
      const again = await store.beginRun(job, { reset: ['finalize'], supersede: false });
      expect(again).toMatchObject({ runNo: 2, completedSteps: ['transcribe', 'evidence', 'insights', 'personas', 'answers'] });
    });

    it('fences every write of a superseded run with StaleRunError', async () => {
      const { analysisJobId: job, interviewId, runNo } = await throughEvidence(store);
      await store.startStep(job, runNo, 'insights');
      const { runNo: newer } = await store.beginRun(job, { reset: [], supersede: true });
      expect(newer).toBe(runNo + 1);
      const par = await parallelOutputs(store, interviewId);
      await expect(store.commitStep(job, runNo, 'insights', par.insights)).rejects.toBeInstanceOf(StaleRunError);
      await expect(store.startStep(job, runNo, 'personas')).rejects.toBeInstanceOf(StaleRunError);
      await expect(store.reportProgress(job, runNo, 'insights', 50, 'x')).rejects.toBeInstanceOf(StaleRunError);
      await expect(store.failStep(job, runNo, 'insights', 'boom', true)).rejects.toBeInstanceOf(StaleRunError);
      // a superseded run may still record paid work the step lacks, but never overwrite it
      await store.setCheckpoint(job, runNo, 'insights', { transcriptId: 'paid' });
      await expect(store.setCheckpoint(job, runNo, 'insights', { a: 1 })).rejects.toBeInstanceOf(StaleRunError);
      expect(await store.getCheckpoint(job, 'insights')).toEqual({ transcriptId: 'paid' });
      expect((await t.sql('select count(*)::int as n from themes t join theme_evidence te on te.theme_id = t.id where te.interview_id = $1', [interviewId]))[0]!.n).toBe(0);
      const view = await store.getAnalysisJob(job);
      expect(view).toMatchObject({ currentRun: newer, status: 'queued', completedSteps: ['transcribe', 'evidence'] });
      // the current run still writes
      await store.startStep(job, newer, 'insights');
      await store.commitStep(job, newer, 'insights', par.insights);
      expect((await store.getAnalysisJob(job))!.completedSteps).toContain('insights');
    });

    it('records retries and final failures; a failed job can be resumed', async () => {
      const { analysisJobId: job, interviewId, runNo } = await throughEvidence(store);
      await store.startStep(job, runNo, 'answers');
      await store.failStep(job, runNo, 'answers', 'rate limited', false);
      let view = await store.getAnalysisJob(job);
      expect(view).toMatchObject({ status: 'running' });
      expect(view!.statusLine).toContain('retrying');
      await store.startStep(job, runNo, 'answers');
      await store.failStep(job, runNo, 'answers', 'model refused', true);
      view = await store.getAnalysisJob(job);
      expect(view).toMatchObject({ status: 'failed', error: 'answers: model refused' });
      expect(view!.steps.find((s) => s.step === 'answers')).toMatchObject({ status: 'failed', attempts: 2, error: 'model refused' });
      expect((await store.getInterviewReport(interviewId))!.status).toBe('failed');
      const resumed = await store.beginRun(job, { reset: [], supersede: false });
      expect(resumed).toMatchObject({ runNo: runNo + 1, completedSteps: ['transcribe', 'evidence'] });
      expect((await store.getInterviewReport(interviewId))!.status).toBe('processing');
    });

    it('a sibling starting after a final failure leaves the job failed; the failed step\'s own retry runs it again', async () => {
      const { analysisJobId: job, interviewId, runNo } = await throughEvidence(store);
      await store.startStep(job, runNo, 'answers');
      await store.failStep(job, runNo, 'answers', 'model refused', true);
      const failed = await store.getAnalysisJob(job);
      expect(failed).toMatchObject({ status: 'failed', error: 'answers: model refused' });
      // a sibling's retry (BullMQ) starts: the job and the interview stay failed, as they read
      await store.startStep(job, runNo, 'insights');
      let view = await store.getAnalysisJob(job);
      expect(view).toMatchObject({ status: 'failed', error: 'answers: model refused', statusLine: failed!.statusLine });
      expect(view!.workflowState.currentStep).toBe(failed!.workflowState.currentStep);
      expect((await store.getInterviewReport(interviewId))!.status).toBe('failed');
      // the failed step itself retried (Bull Board): running again, its error cleared
      await store.startStep(job, runNo, 'answers');
      view = await store.getAnalysisJob(job);
      expect(view).toMatchObject({ status: 'running', error: null, statusLine: 'answers: started' });
      expect(view!.workflowState.currentStep).toBe('answers');
      expect((await store.getInterviewReport(interviewId))!.status).toBe('processing');
    });

    it('keeps checkpoints across runs and clears reset steps', async () => {
      const ids = await store.createInterview(newInterview());
      const { runNo } = await store.beginRun(ids.analysisJobId, { reset: [], supersede: false });
      expect(await store.getCheckpoint(ids.analysisJobId, 'transcribe')).toEqual({});
      await store.setCheckpoint(ids.analysisJobId, runNo, 'transcribe', { providerTranscriptId: 'tr_123' });
      await store.setCheckpoint(ids.analysisJobId, runNo, 'transcribe', { polls: 2 });
      expect(await store.getCheckpoint(ids.analysisJobId, 'transcribe')).toEqual({ providerTranscriptId: 'tr_123', polls: 2 });
      const r2 = await store.beginRun(ids.analysisJobId, { reset: [], supersede: true });
      expect(await store.getCheckpoint(ids.analysisJobId, 'transcribe')).toEqual({ providerTranscriptId: 'tr_123', polls: 2 });
      await store.beginRun(ids.analysisJobId, { reset: ['transcribe'], supersede: true });
      expect(r2.runNo).toBe(runNo + 1);
      expect(await store.getCheckpoint(ids.analysisJobId, 'transcribe')).toEqual({});
    });

    it('a run that redoes transcribe and evidence rewrites their rows in place (same keys, fewer rows)', async () => {
      const { analysisJobId: job, interviewId } = await throughEvidence(store);
      const before = await store.loadEvidence(interviewId);
      const { runNo } = await store.beginRun(job, { reset: ['transcribe'], supersede: true });
      const tr = transcribeOutput();
      const fewer = { ...tr, utterances: tr.utterances.slice(0, 4) };
      await store.startStep(job, runNo, 'transcribe');
      expect(await store.commitStep(job, runNo, 'transcribe', fewer)).toMatchObject({ utteranceCount: 4 });
      expect(await store.loadUtterances(interviewId)).toEqual(fewer.utterances);
      const ev = evidenceOutput(tr);
      await store.startStep(job, runNo, 'evidence');
      await store.commitStep(job, runNo, 'evidence', { ...ev, evidence: ev.evidence.slice(0, 2) });
      const after = await store.loadEvidence(interviewId);
      // the kept quotes keep their ids (stable keys), the dropped one is gone, people still linked
      expect(after.map((e) => e.id)).toEqual(before.slice(0, 2).map((e) => e.id));
      const people = await store.loadPeople(interviewId);
      expect(after.every((e) => e.personId === people.find((p) => p.speaker === 'Composer')!.id)).toBe(true);
    });

    it('parallel step commits all land in workflow_state.completedSteps', async () => {
      for (let round = 0; round < 3; round++) {
        const { analysisJobId: job, interviewId, runNo } = await throughEvidence(store);
        const par = await parallelOutputs(store, interviewId);
        const steps = ['insights', 'personas', 'answers'] as const;
        await Promise.all(steps.map((s) => store.startStep(job, runNo, s)));
        await Promise.all(steps.map((s) => store.commitStep(job, runNo, s, par[s] as never)));
        const view = await store.getAnalysisJob(job);
        expect(view!.completedSteps).toEqual(['transcribe', 'evidence', 'insights', 'personas', 'answers']);
        expect(view!.workflowState).toHaveProperty('insightIds');
        expect(view!.workflowState).toHaveProperty('personaIds');
        expect(view!.workflowState).toHaveProperty('answerIds');
        expect(view!.progress).toBe(83);
      }
    });

    it('two interviews of one project creating the same theme concurrently share one theme row', async () => {
      const accountId = randomUUID();
      const projectId = randomUUID();
      const a = await throughEvidence(store, accountId, projectId);
      const b = await throughEvidence(store, accountId, projectId);
      const [pa, pb] = await Promise.all([parallelOutputs(store, a.interviewId), parallelOutputs(store, b.interviewId)]);
      await Promise.all([store.startStep(a.analysisJobId, a.runNo, 'insights'), store.startStep(b.analysisJobId, b.runNo, 'insights')]);
      await Promise.all([
        store.commitStep(a.analysisJobId, a.runNo, 'insights', pa.insights),
        // same theme, differently spaced and cased: the normalised name makes it one row
        store.commitStep(b.analysisJobId, b.runNo, 'insights', {
          themes: pb.insights.themes.map((th) => ({ ...th, name: ` ${th.name.toUpperCase()} ` })),
        }),
      ]);
      const themes = await store.loadProjectThemes(projectId);
      expect(themes).toHaveLength(2);
      const rows = await t.sql('select count(*)::int as n from themes where project_id = $1', [projectId]);
      expect(rows[0]!.n).toBe(2);
      const [ra, rb] = await Promise.all([store.getInterviewReport(a.interviewId), store.getInterviewReport(b.interviewId)]);
      expect(ra!.insights.map((i) => i.id).sort()).toEqual(rb!.insights.map((i) => i.id).sort());
      // each interview links only its own evidence to the shared theme
      expect(ra!.insights[0]!.evidence.map((e) => e.evidenceId)).toEqual([pa.evidence[0]!.id]);
      expect(rb!.insights[0]!.evidence.map((e) => e.evidenceId)).toEqual([pb.evidence[0]!.id]);
    });

    it('one insights commit: themes with one name key are one theme, their links a union; unknown evidence is ignored', async () => {
      const a = await throughEvidence(store, randomUUID(), randomUUID());
      const { insights, evidence } = await parallelOutputs(store, a.interviewId);
      const [first, second] = insights.themes;
      await store.startStep(a.analysisJobId, a.runNo, 'insights');
      const result = await store.commitStep(a.analysisJobId, a.runNo, 'insights', { themes: [
        second!, first!,
        { ...first!, name: ' ai AS admin  Assistant', evidence: [{ evidenceId: evidence[1]!.id, confidence: 0.4 }, { evidenceId: randomUUID(), confidence: 0.9 }] },
        { name: 'Nothing quoted', statement: 'No evidence given.', inclusionCriteria: '', evidence: [] },
      ] }) as { insightIds: string[]; links: number };
      const rows = await t.sql(`select th.id, th.name, count(te.evidence_id)::int as links from themes th
        left join theme_evidence te on te.theme_id = th.id where th.id = any($1::uuid[]) group by th.id order by th.name_key`, [result.insightIds]);
      // listed once each, in name-key order; the first theme given names a shared key
      expect(rows.map((r) => [r.name, r.links])).toEqual([['AI as admin assistant', 2], ['Authorship  is sacred', 1], ['Nothing quoted', 0]]);
      expect(rows.map((r) => r.id)).toEqual(result.insightIds);
      expect(result.links).toBe(3);
    });
  });
}

/** A step's context other than transcribe's: the job context without the transcript text. */
function withoutTranscript<T extends { rawTranscript?: unknown }>(ctx: T): Omit<T, 'rawTranscript'> {
  const { rawTranscript: _text, ...rest } = ctx;
  return rest;
}
