import { performance } from 'node:perf_hooks';
import type { Store } from '../../src/ports/store.js';
import { isStepName } from '../../src/domain/steps.js';

/** Store calls made when an interview is submitted, not by a step. */
const SUBMIT_METHODS = new Set(['createInterview', 'createInterviewWithRun', 'createInterviewOnceWithRun', 'beginRun', 'markFlowAdded']);

/** Per step (or `submit` outside any step): how many store calls, and their wall time. */
export interface CallTally { calls: number; ms: number }

/**
 * Wraps a Store so every call is counted and timed. Every RpcStore method is exactly one SQL
 * function call (one round trip), so calls here are SQL round trips. A call is attributed to the
 * step it names (the step methods take the step after the job id and run number; getCheckpoint
 * right after the job id); a call that names none (getJobProject: after finalize on a
 * re-delivery, or on a failure) to the step its analysis job started last, which is exact when
 * interviews run one at a time.
 *
 * No AsyncLocalStorage: one in use turns on Node's promise hooks for the whole process, which
 * cost the workers measurable CPU on every promise (the bench would measure its own wrapper).
 */
export class CountingStore {
  readonly byStep = new Map<string, CallTally>();
  readonly byMethod = new Map<string, CallTally>();
  readonly store: Store;
  /** analysisJobId -> the step whose startStep it called last. */
  private readonly lastStarted = new Map<string, string>();

  constructor(inner: Store) {
    this.store = new Proxy(inner, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function' || prop === 'close' || typeof prop !== 'string') return value;
        return (...args: unknown[]) => {
          const step = this.stepOf(prop, args);
          const t0 = performance.now();
          const result = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          const record = () => {
            const ms = performance.now() - t0;
            for (const [map, key] of [[this.byStep, step], [this.byMethod, prop]] as const) {
              const t = map.get(key) ?? { calls: 0, ms: 0 };
              t.calls++;
              t.ms += ms;
              map.set(key, t);
            }
          };
          result.then(record, record);
          return result;
        };
      },
    });
  }

  private stepOf(method: string, args: unknown[]): string {
    if (SUBMIT_METHODS.has(method)) return 'submit';
    const named = [args[2], args[1]].find((a) => typeof a === 'string' && isStepName(a)) as string | undefined;
    if (method === 'startStep' && named) this.lastStarted.set(String(args[0]), named);
    return named ?? this.lastStarted.get(String(args[0])) ?? 'other';
  }

  reset(): void {
    this.byStep.clear();
    this.byMethod.clear();
    this.lastStarted.clear();
  }

  totalCalls(): number {
    return [...this.byStep.values()].reduce((n, t) => n + t.calls, 0);
  }
}
