import { randomUUID } from 'node:crypto';
import type { ReserveRequest, ReserveResult, SettleRequest, SpendLedger } from '../../ports/spend-ledger.js';

interface Entry { key: string; amountUsd: number; settled: boolean; expiresAt: number }

/**
 * The spend ledger of one process, for an analyzer used without a store (library use, tests of
 * the analyzer alone). Same rules as the SQL ledger, per interview only (or per project for
 * project-level calls): reserve checks settled spend plus in-flight estimates plus this call.
 * Bounded: the oldest keys are forgotten first. Pods do NOT share it; the runtime passes the
 * store's SQL ledger instead.
 */
export class MemorySpendLedger implements SpendLedger {
  private readonly entries = new Map<string, Entry>();
  private readonly settledByKey = new Map<string, number>();

  constructor(private readonly maxKeys = 10_000) {}

  async reserve(req: ReserveRequest): Promise<ReserveResult> {
    const key = req.interviewId ?? `project:${req.projectId ?? ''}`;
    const budget = req.interviewId ? req.budgets.interviewUsd : req.budgets.projectUsd;
    const now = Date.now();
    let inFlight = 0;
    for (const [id, e] of this.entries) {
      if (e.expiresAt < now) { this.entries.delete(id); continue; }
      if (e.key === key) inFlight += e.amountUsd;
    }
    const spent = req.knownSpentUsd ?? this.settledByKey.get(key) ?? 0;
    if (budget !== undefined && spent + inFlight + req.estimateUsd > budget) {
      return { ok: false, scope: req.interviewId ? 'interview' : 'project', budgetUsd: budget, spentUsd: spent, inFlightUsd: inFlight };
    }
    const id = randomUUID();
    this.entries.set(id, { key, amountUsd: req.estimateUsd, settled: false, expiresAt: now + req.ttlMs });
    return { ok: true, id };
  }

  async settle(id: string, actual: SettleRequest): Promise<void> {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    const total = (this.settledByKey.get(e.key) ?? 0) + actual.costUsd;
    this.settledByKey.delete(e.key); // re-insert: most recently used last
    this.settledByKey.set(e.key, total);
    if (this.settledByKey.size > this.maxKeys) this.settledByKey.delete(this.settledByKey.keys().next().value!);
  }

  async release(id: string): Promise<void> {
    this.entries.delete(id);
  }
}
