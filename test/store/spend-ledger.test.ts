/**
 * The SQL spend ledger on a real Postgres: reservations count against interview, project and
 * account budgets; concurrent reservations from many connections never admit more than the
 * budget; settle replaces the estimate with the real cost; release and expiry stop counting.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcStore } from '../../src/store/rpc-store.js';
import { PostgresTransport } from '../../src/store/postgres/transport.js';
import type { ReserveRequest } from '../../src/ports/spend-ledger.js';
import { createTestDatabase } from '../support/db.js';
import { newInterview } from './fixtures.js';

describe('spend ledger (Postgres)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: RpcStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new RpcStore(new PostgresTransport(db.url, { max: 10 }));
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  const req = (over: Partial<ReserveRequest>): ReserveRequest => ({
    step: 'insights', fn: 'GenerateInsights', model: 'gpt-4.1', estimateUsd: 1, estimatedInputTokens: 1000,
    estimatedOutputTokens: 350, budgets: {}, ttlMs: 60_000, ...over,
  });

  it('twenty concurrent reservations of $1 against a $5 budget: exactly five pass', async () => {
    const { interviewId } = await store.createInterview(newInterview());
    const results = await Promise.all(Array.from({ length: 20 }, () => store.spendLedger.reserve(req({ interviewId, budgets: { interviewUsd: 5 } }))));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, scope: 'interview', budgetUsd: 5, spentUsd: 0, inFlightUsd: 5 });
  });

  it('settle counts the real cost, release and expiry stop counting', async () => {
    const { interviewId } = await store.createInterview(newInterview());
    const budgets = { interviewUsd: 2 };
    const a = await store.spendLedger.reserve(req({ interviewId, budgets }));
    const b = await store.spendLedger.reserve(req({ interviewId, budgets }));
    expect(a.ok && b.ok).toBe(true);
    expect((await store.spendLedger.reserve(req({ interviewId, budgets }))).ok).toBe(false);
    if (!a.ok || !b.ok) return;
    await store.spendLedger.settle(a.id, { costUsd: 0.25, inputTokens: 990, outputTokens: 200, calls: 1, model: 'gpt-4.1' });
    await store.spendLedger.settle(a.id, { costUsd: 9, inputTokens: 1, outputTokens: 1, calls: 1, model: 'x' }); // a second settle is a no-op
    await store.spendLedger.release(b.id);
    const c = await store.spendLedger.reserve(req({ interviewId, budgets, estimateUsd: 1.7 }));
    expect(c.ok).toBe(true); // 0.25 settled + 1.7 <= 2
    const d = await store.spendLedger.reserve(req({ interviewId, budgets, estimateUsd: 0.1 }));
    expect(d).toMatchObject({ ok: false, spentUsd: 0.25, inFlightUsd: 1.7 });
    // a crashed worker's reservation: expires and stops counting
    const { interviewId: other } = await store.createInterview(newInterview());
    expect((await store.spendLedger.reserve(req({ interviewId: other, budgets, estimateUsd: 2, ttlMs: 1 }))).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect((await store.spendLedger.reserve(req({ interviewId: other, budgets, estimateUsd: 2 }))).ok).toBe(true);

    const byStep = await store.llmSpendByStep(interviewId);
    expect(byStep).toEqual([expect.objectContaining({ step: 'insights', calls: 1, estimatedInputTokens: 1000, inputTokens: 990, outputTokens: 200, costUsd: 0.25, inFlight: 1 })]);
  });

  it('project and account budgets span their interviews; project-level calls (no interview) count too', async () => {
    const accountId = randomUUID();
    const p1 = randomUUID();
    const p2 = randomUUID();
    const i1 = (await store.createInterview(newInterview(accountId, p1))).interviewId;
    const i2 = (await store.createInterview(newInterview(accountId, p1))).interviewId;
    const i3 = (await store.createInterview(newInterview(accountId, p2))).interviewId;
    const budgets = { interviewUsd: 10, projectUsd: 3, accountUsd: 4 };
    const r1 = await store.spendLedger.reserve(req({ interviewId: i1, budgets, estimateUsd: 2 }));
    expect(r1.ok).toBe(true);
    expect(await store.spendLedger.reserve(req({ interviewId: i2, budgets, estimateUsd: 1.5 }))).toMatchObject({ ok: false, scope: 'project', inFlightUsd: 2 });
    expect((await store.spendLedger.reserve(req({ projectId: p1, step: 'synthesis', budgets, estimateUsd: 1 }))).ok).toBe(true); // 3 of 3
    expect(await store.spendLedger.reserve(req({ interviewId: i3, budgets, estimateUsd: 1.5 }))).toMatchObject({ ok: false, scope: 'account', inFlightUsd: 3 });
    expect((await store.spendLedger.reserve(req({ interviewId: i3, budgets, estimateUsd: 1 }))).ok).toBe(true);
    await expect(store.spendLedger.reserve(req({ projectId: randomUUID(), budgets }))).rejects.toThrow();
  });
});
