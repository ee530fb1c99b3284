import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { creatives } from '../support/creatives.js';

describe('parallel steps', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness({ env: { LOCAL_ANALYZER_DELAY_MS: '700' } }); });
  afterAll(async () => { await h?.close(); });

  it('runs insights, personas and answers at the same time and finalize after all three', async () => {
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', {
      transcript: creatives()[1]!.text, questions: ['What tools do they use?'],
    });
    expect(created.status).toBe(202);
    const job = await h.waitForJob(created.body.analysisJobId, (j) => j.status === 'completed' || j.status === 'failed');
    expect(job.status).toBe('completed');
    const at = (step: string) => {
      const s = job.steps.find((x) => x.step === step)!;
      return { start: Date.parse(s.startedAt!), end: Date.parse(s.finishedAt!) };
    };
    const [ins, per, ans, fin] = ['insights', 'personas', 'answers', 'finalize'].map(at) as [ReturnType<typeof at>, ReturnType<typeof at>, ReturnType<typeof at>, ReturnType<typeof at>];
    // overlap: each parallel step starts before the others end
    const latestStart = Math.max(ins.start, per.start, ans.start);
    const earliestEnd = Math.min(ins.end, per.end, ans.end);
    expect(latestStart).toBeLessThan(earliestEnd);
    expect(fin.start).toBeGreaterThanOrEqual(Math.max(ins.end, per.end, ans.end));
  });
});
