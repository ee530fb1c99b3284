import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPipeline, withClient, type Pipeline } from '../../bench/lib/pipeline-harness.js';
import { InstantAnalyzer } from '../../bench/instant-analyzer.js';
import { seedProjectCopies, REMAP_FUNCTION } from '../../bench/lib/seed-project.js';
import { STEPS } from '../../src/domain/steps.js';
import { rawBullmqSequentialMs } from '../../bench/raw-bullmq.js';

/** The bench's parts (npm run bench is not part of npm test): pipeline harness, counting, seeding. */
describe('bench building blocks', () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await openPipeline({ analyzer: new InstantAnalyzer(), concurrency: 4, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', questions: ['What do they use?'] });
  });
  afterAll(async () => { await p?.close(); });

  it('runs interviews to completion and attributes every SQL call to the step that made it', async () => {
    const text = await readFile(new URL('../../examples/creative-01.txt', import.meta.url), 'utf8');
    const { analysisJobId } = await p.run(text);
    expect((await p.rt.store.getAnalysisJob(analysisJobId))?.status).toBe('completed');
    expect(await p.runBatch([text, text])).toBeGreaterThan(0);
    for (const step of ['submit', ...STEPS]) expect(p.counting.byStep.get(step)?.calls, step).toBeGreaterThan(0);
    // one start and one commit per step and interview
    expect(p.counting.byMethod.get('startStep')?.calls).toBe(3 * STEPS.length);
    expect(p.counting.byMethod.get('commitStep')?.calls).toBe(3 * STEPS.length);
    // finalize's project read counts as finalize's, not as the parallel step that started last
    for (const step of ['insights', 'personas', 'answers']) expect(p.counting.byStep.get(step)?.calls, step).toBe(3 * 2);
    // finalize's project comes with its start: no read of its own
    expect(p.counting.byMethod.get('getJobProject')).toBeUndefined();
  });

  it('times raw BullMQ six-job flows one at a time (the latency reference)', async () => {
    const ms = await rawBullmqSequentialMs({ redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', flows: 3, warmUp: 1 });
    expect(ms).toHaveLength(3);
    for (const m of ms) expect(m).toBeGreaterThan(0);
  });

  it('grows a project by copies whose references stay consistent', async () => {
    const count = (c: import('pg').Client, sql: string) => c.query(sql).then((r) => Number(r.rows[0].n));
    await withClient(p.dbUrl, async (c) => {
      const before = {
        interviews: await count(c, 'select count(*) n from interviews'),
        evidence: await count(c, 'select count(*) n from evidence'),
        links: await count(c, 'select count(*) n from theme_evidence'),
      };
      expect(before.interviews).toBe(3);
      await c.query(REMAP_FUNCTION);
      await seedProjectCopies(c, p.config.defaultProjectId, 2);
      expect(await count(c, 'select count(*) n from interviews')).toBe(3 * before.interviews);
      expect(await count(c, 'select count(*) n from evidence')).toBe(3 * before.evidence);
      expect(await count(c, 'select count(*) n from theme_evidence')).toBe(3 * before.links);
      expect(await count(c, "select count(*) n from analysis_jobs where status = 'completed'")).toBe(9);
      // every copied reference points at a copied row of the same interview
      expect(await count(c, `select count(*) n from evidence e left join people pe on pe.id = e.person_id
                              where e.person_id is not null and pe.id is null`)).toBe(0);
      expect(await count(c, `select count(*) n from theme_evidence te join evidence e on e.id = te.evidence_id
                              where e.interview_id <> te.interview_id`)).toBe(0);
      expect(await count(c, `select count(*) n from analysis_steps s left join analysis_jobs j on j.id = s.analysis_job_id
                              where j.id is null`)).toBe(0);
    });
    // the pipeline still runs on the grown project
    const text = await readFile(new URL('../../examples/creative-02.txt', import.meta.url), 'utf8');
    expect((await p.run(text)).ms).toBeGreaterThan(0);
  });
});
