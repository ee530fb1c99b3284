import { describe, expect, it } from 'vitest';
import { STEP_TABLE, STEPS, STEP_LAYERS, stepAndDependents } from '../../src/domain/steps.js';
import { buildFlowTree, runBullJobs, stepsToRun } from '../../src/flows/plan.js';
import { loadConfig } from '../../src/config/index.js';
import { InvalidInputError } from '../../src/domain/errors.js';
import { useStoreDatabase } from '../support/store-db.js';
import { newInterview, transcribeOutput } from './fixtures.js';
import type { FlowJob } from 'bullmq';

describe('the step table', () => {
  const t = useStoreDatabase();

  it('SQL iflow_steps lists the same steps, in the same order, with the same dependencies as src/domain/steps.ts', async () => {
    const { rows } = await t.raw.query('select name, depends_on from iflow_steps order by position');
    expect(rows).toEqual(STEP_TABLE.map((r) => ({ name: r.name, depends_on: [...r.after] })));
    const order = await t.raw.query('select iflow_step_order() as o');
    expect(order.rows[0].o).toEqual([...STEPS]);
  });

  it('derives the flow tree from the dependencies: one node per layer, a parallel layer joined by the step after it', () => {
    expect(STEP_LAYERS).toEqual([['transcribe'], ['evidence'], ['insights', 'personas', 'answers'], ['finalize']]);
    const config = loadConfig({});
    const run = { analysisJobId: '00000000-0000-4000-8000-000000000001', interviewId: '00000000-0000-4000-8000-000000000002', runNo: 3 };
    const shape = (n: FlowJob | undefined): unknown[] => (n
      ? [n.queueName, (n.data as { next?: { steps: string[] } }).next?.steps ?? null, ...(n.children?.length === 1 ? shape(n.children[0]) : [n.children?.map((c) => c.queueName) ?? null])]
      : []);
    // evidence adds the layer as finalize's children once committed (next); no fanout between
    expect(shape(buildFlowTree(run, STEPS, config.queues)!)).toEqual([
      'finalize', null, 'evidence', ['insights', 'personas', 'answers'], 'transcribe', null, null,
    ]);
    // a resume of personas alone: finalize joins the steps left (in the tree: nothing below
    // runs to add them) and what is complete is left out
    const resumed = stepsToRun(['transcribe', 'evidence', 'insights', 'answers']);
    expect(resumed).toEqual(['personas', 'finalize']);
    expect(shape(buildFlowTree(run, resumed, config.queues)!)).toEqual(['finalize', null, 'personas', null, null]);
    const layerOnly = buildFlowTree(run, stepsToRun(['transcribe', 'evidence']), config.queues)!;
    expect(layerOnly.children?.map((c) => [c.queueName, c.opts?.jobId])).toEqual(
      ['insights', 'personas', 'answers'].map((s) => [s, `${run.analysisJobId}.r3.${s}`]));
    expect(stepAndDependents('evidence')).toEqual(['evidence', 'insights', 'personas', 'answers', 'finalize']);
    // removal order is top-down: the root first, a fanout (runs opened before finalize joined
    // the layer) before the steps it adds
    expect(runBullJobs(run.analysisJobId, 3).map((j) => j.jobId.split('.r3.')[1])).toEqual([
      'finalize', 'fanout', 'insights', 'personas', 'answers', 'evidence', 'transcribe',
    ]);
  });

  it('SQL has no step count of its own: a seventh row changes what "complete" and progress mean', async () => {
    // in this test database only: a step after finalize
    await t.raw.query(`insert into iflow_steps (name, position, depends_on) values ('extra', 7, array['finalize'])`);
    try {
      const ids = await t.store.createInterview(newInterview());
      await t.store.beginRun(ids.analysisJobId, { reset: [], supersede: false });
      // the six steps done (as their commits would leave them), the run closed
      await t.raw.query(`update analysis_jobs set status = 'completed',
        workflow_state = workflow_state || jsonb_build_object('completedSteps', to_jsonb(iflow_step_order()) - 'extra')
        where id = $1`, [ids.analysisJobId]);
      const run2 = await t.store.beginRun(ids.analysisJobId, { reset: [], supersede: false });
      expect(run2.completedSteps).toEqual([...STEPS]);
      const view = await t.store.getAnalysisJob(ids.analysisJobId);
      expect(view!.progress).toBe(Math.floor((100 * 6) / 7));
      const pre = await t.raw.query(`select iflow_step_prerequisites('extra') as p`);
      expect(pre.rows[0].p).toEqual([...STEPS]);
    } finally {
      await t.raw.query(`delete from analysis_steps where step = 'extra'`);
      await t.raw.query(`delete from iflow_steps where name = 'extra'`);
    }
  });

  it('refuses a step commit whose prerequisites are not complete, naming them, and writes nothing', async () => {
    const ids = await t.store.createInterview(newInterview());
    const { runNo } = await t.store.beginRun(ids.analysisJobId, { reset: [], supersede: false });
    await t.store.startStep(ids.analysisJobId, runNo, 'evidence');
    const err = await t.store.commitStep(ids.analysisJobId, runNo, 'evidence', { people: [], evidence: [], stats: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toMatch(/cannot commit evidence of analysis job .*: steps not complete: transcribe$/);
    const { rows } = await t.raw.query(`select status from analysis_steps where analysis_job_id = $1 and step = 'evidence'`, [ids.analysisJobId]);
    expect(rows).toEqual([{ status: 'running' }]);
    // with its prerequisite complete the same commit goes through
    await t.store.startStep(ids.analysisJobId, runNo, 'transcribe');
    await t.store.commitStep(ids.analysisJobId, runNo, 'transcribe', transcribeOutput());
    await t.store.commitStep(ids.analysisJobId, runNo, 'evidence', { people: [], evidence: [], stats: {} });
    expect((await t.store.getAnalysisJob(ids.analysisJobId))!.completedSteps).toEqual(['transcribe', 'evidence']);
  });
});
