import type { Usage } from '../../../src/domain/analysis.js';
import type { TranscriberContext } from '../../../src/ports/transcriber.js';

/**
 * A transcriber context for tests. The checkpoint is a plain object shared between calls, standing
 * in for the durable per-step state the step runner keeps in the database: two calls with the same
 * `checkpoint` are a job and its retry.
 */
export function testContext(options: { signal?: AbortSignal; checkpoint?: Record<string, unknown> } = {}) {
  const usage: Partial<Usage>[] = [];
  const progress: { percent: number; line: string }[] = [];
  const checkpoint = options.checkpoint ?? {};
  const ctx: TranscriberContext = {
    signal: options.signal ?? new AbortController().signal,
    recordUsage: (u) => usage.push(u),
    progress: async (percent, line) => {
      progress.push({ percent, line });
    },
    checkpoint: {
      get: async () => ({ ...checkpoint }),
      set: async (values) => {
        Object.assign(checkpoint, values);
      },
    },
  };
  return { ctx, usage, progress, checkpoint };
}
