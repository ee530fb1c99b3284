import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { creatives } from '../support/creatives.js';
import { CountingAnalyzer } from '../support/counting-analyzer.js';
import { PermanentError } from '../../src/domain/errors.js';
import type { Analyzer } from '../../src/ports/analyzer.js';
import { bullJobId } from '../../src/flows/bull-job-ids.js';

type FanoutMethod = 'generateInsights' | 'assignPersonas' | 'attributeAnswers';
const FANOUT_METHODS: FanoutMethod[] = ['generateInsights', 'assignPersonas', 'attributeAnswers'];

/**
 * The real local analyzer with a barrier in front of the three fan-out steps: none may finish
 * before all three have started. Run one after another, the first waits for the others until
 * its patience ends and its step fails for good, so the run can only complete if the three
 * steps really were running at once (no wall-clock comparison involved).
 */
class BarrierAnalyzer extends CountingAnalyzer {
  readonly arrived = new Set<FanoutMethod>();
  private open!: () => void;
  private readonly allArrived = new Promise<void>((resolve) => { this.open = resolve; });

  constructor(private readonly patienceMs: number) {
    super();
    for (const m of FANOUT_METHODS) {
      const inner = this[m].bind(this) as (req: never, ctx: never) => Promise<never>;
      (this as unknown as Record<FanoutMethod, unknown>)[m] = async (req: never, ctx: { signal: AbortSignal }) => {
        this.arrived.add(m);
        if (this.arrived.size === FANOUT_METHODS.length) this.open();
        const gaveUp = sleep(this.patienceMs, 'gave up', { ref: false, signal: ctx.signal }).catch(() => 'aborted');
        if ((await Promise.race([this.allArrived.then(() => 'open'), gaveUp])) !== 'open') {
          const missing = FANOUT_METHODS.filter((x) => !this.arrived.has(x));
          throw new PermanentError(`${m} waited ${this.patienceMs} ms at the barrier; never started: ${missing.join(', ')}`);
        }
        return inner(req, ctx as never);
      };
    }
  }
}

describe('parallel steps', () => {
  let h: Harness;
  const analyzer = new BarrierAnalyzer(30_000);
  beforeAll(async () => { h = await createHarness({ overrides: { analyzer: analyzer as Analyzer } }); });
  afterAll(async () => { await h?.close(); });

  it('runs insights, personas and answers at the same time and finalize after all three', async () => {
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', {
      transcript: creatives()[1]!.text, questions: ['What tools do they use?'],
    });
    expect(created.status).toBe(202);
    const job = await h.waitForJob(created.body.analysisJobId, (j) => j.status === 'completed' || j.status === 'failed', 60_000);
    // completing means every fan-out step got past the barrier: all three were running at once
    expect(job.status, job.error ?? '').toBe('completed');
    expect([...analyzer.arrived].sort()).toEqual([...FANOUT_METHODS].sort());
    for (const m of FANOUT_METHODS) expect(analyzer.calls[m], m).toBe(1);
    // finalize is released only after its three children completed
    const step = (name: string) => job.steps.find((s) => s.step === name)!;
    const lastEnd = Math.max(...['insights', 'personas', 'answers'].map((s) => Date.parse(step(s).finishedAt!)));
    expect(Date.parse(step('finalize').startedAt!)).toBeGreaterThanOrEqual(lastEnd);

    // the layer was added by evidence's worker after its commit, before the evidence job
    // completed, as children of finalize itself: no fanout job (no hop in between)
    const id = created.body.analysisJobId as string;
    const evidence = (await h.rt.queues.get('evidence').getJob(bullJobId(id, 1, 'evidence')))!;
    const finalize = (await h.rt.queues.get('finalize').getJob(bullJobId(id, 1, 'finalize')))!;
    expect(evidence.returnvalue.startedLayer).toEqual(['insights', 'personas', 'answers']);
    expect(await h.rt.queues.get('fanout').getJob(bullJobId(id, 1, 'fanout'))).toBeUndefined();
    for (const s of ['insights', 'personas', 'answers'] as const) {
      const child = (await h.rt.queues.get(s).getJob(bullJobId(id, 1, s)))!;
      expect(child.parentKey).toBe(`${finalize.queueQualifiedName}:${finalize.id}`);
      expect(child.timestamp).toBeLessThanOrEqual(evidence.finishedOn!);
      expect(finalize.processedOn!).toBeGreaterThanOrEqual(child.finishedOn!);
    }
  }, 90_000);
});
