import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { Store } from '../../src/ports/store.js';

/** Store calls made when an interview is submitted, not by a step. */
const SUBMIT_METHODS = new Set(['createInterview', 'createInterviewWithRun', 'createInterviewOnceWithRun', 'beginRun', 'markFlowAdded']);

/** Per step (or `submit` outside any step): how many store calls, and their wall time. */
export interface CallTally { calls: number; ms: number }

/**
 * Wraps a Store so every call is counted and timed. Every RpcStore method is exactly one SQL
 * function call (one round trip), so calls here are SQL round trips. Calls are attributed to
 * the step whose processor made them: `startStep` is each processor's first store call, and
 * entering the step's name into an AsyncLocalStorage there labels the rest of that job's calls.
 */
export class CountingStore {
  readonly byStep = new Map<string, CallTally>();
  readonly byMethod = new Map<string, CallTally>();
  readonly store: Store;
  private readonly als = new AsyncLocalStorage<string>();

  constructor(inner: Store) {
    this.store = new Proxy(inner, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function' || prop === 'close' || typeof prop !== 'string') return value;
        return (...args: unknown[]) => {
          if (prop === 'startStep') this.als.enterWith(String(args[2]));
          const step = SUBMIT_METHODS.has(prop) ? 'submit' : this.als.getStore() ?? 'other';
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

  reset(): void {
    this.byStep.clear();
    this.byMethod.clear();
  }

  totalCalls(): number {
    return [...this.byStep.values()].reduce((n, t) => n + t.calls, 0);
  }
}
