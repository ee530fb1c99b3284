/**
 * The LLM spend ledger: every LLM call reserves its estimated cost before it is sent and settles
 * with the real cost after it, so parallel steps (and other worker processes) see each other's
 * calls in flight. Implemented in SQL by the stores (one statement that locks the scopes and
 * counts in-flight reservations) and in memory for a lone analyzer without a store.
 */

export interface SpendBudgets {
  /** Per interview (LLM_BUDGET_USD). */
  interviewUsd?: number | undefined;
  /** Per project, over all its interviews and syntheses (LLM_PROJECT_BUDGET_USD). */
  projectUsd?: number | undefined;
  /** Per account, over all its projects (LLM_ACCOUNT_BUDGET_USD). */
  accountUsd?: number | undefined;
}

export interface ReserveRequest {
  /** The interview the call works for; absent for project-level calls (synthesis). */
  interviewId?: string | undefined;
  /** Needed when there is no interview; otherwise taken from the interview. */
  projectId?: string | undefined;
  /** Usage label: evidence, insights, ..., or a synthesis function. */
  step: string;
  fn: string;
  model: string;
  estimateUsd: number;
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  budgets: SpendBudgets;
  /** A reservation not settled within this time is treated as released (its worker crashed). */
  ttlMs: number;
  /**
   * What the caller already knows was spent on this interview (the in-memory ledger only; the
   * SQL ledger counts its own rows).
   */
  knownSpentUsd?: number | undefined;
}

export type ReserveResult =
  | { ok: true; id: string }
  | {
    ok: false;
    /** The first scope whose budget the call would exceed. */
    scope: 'interview' | 'project' | 'account';
    budgetUsd: number;
    /** Settled spend in that scope. */
    spentUsd: number;
    /** Estimates of the other calls in flight in that scope. */
    inFlightUsd: number;
  };

export interface SettleRequest {
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  /** HTTP requests made, failed attempts and fallbacks included. */
  calls: number;
  /** Model that answered (null when none did). */
  model: string | null;
}

export interface SpendLedger {
  reserve(req: ReserveRequest): Promise<ReserveResult>;
  /** Replaces the reservation's estimate by what the call really cost (also after a failed call that was billed). */
  settle(id: string, actual: SettleRequest): Promise<void>;
  /** The call never reached the provider (or was refused): its estimate stops counting. */
  release(id: string): Promise<void>;
}

/** Estimated vs reported tokens and cost of one step's settled calls (the ledger's rows). */
export interface SpendByStep {
  step: string;
  calls: number;
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  estimatedUsd: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  inFlight: number;
}
