import type { Queue } from 'bullmq';
import type { QueueSettings } from '../queues/defaults.js';
import type { SynthesizeJobData } from '../domain/synthesis.js';

export interface ScheduleSynthesisOptions {
  /** Delay after an interview finishes; each further finish moves the pending synthesis later. */
  debounceMs: number;
  /** A pending synthesis first scheduled this long ago is no longer moved (a steady stream still gets syntheses). */
  maxWaitMs: number;
  settings: QueueSettings;
  /**
   * The project's pending synthesis as read already (pendingSynthesis, e.g. while the finalize
   * step ran): the schedule is then one Redis call, not three in a row. Read here when absent.
   */
  pending?: PendingSynthesis | undefined;
}

/** When the project's pending synthesis was first asked for; `undefined` when none is pending. */
export interface PendingSynthesis { firstScheduledAt: number | undefined }

/** One deduplication key per project: at most one synthesis pending (and one running) per project. */
export function synthesisDedupId(projectId: string): string {
  return `synthesize.${projectId}`;
}

/**
 * Schedules the project's synthesis with BullMQ deduplication (bullmq >= 6.7, verified in
 * test/synthesis/schedule.test.ts): `reschedule` moves a delayed pending job's delay (debounce)
 * instead of adding another; `keepLastIfActive` keeps one more while one runs, so a completion
 * during a synthesis is never lost and two syntheses of a project never run at once. A manual
 * request runs at once (delay 0 moves a pending one to now).
 */
export async function scheduleSynthesis(
  queue: Queue,
  target: { projectId: string; projectName: string },
  trigger: SynthesizeJobData['trigger'],
  opts: ScheduleSynthesisOptions,
): Promise<{ jobId: string | undefined }> {
  const dedupId = synthesisDedupId(target.projectId);
  const now = Date.now();
  let reschedule = true;
  if (trigger === 'interview') {
    const pending = opts.pending ?? await pendingSynthesis(queue, target.projectId);
    // rescheduling keeps the pending job's data, so `firstScheduledAt` is when it was first asked for
    if (now - (pending.firstScheduledAt ?? now) >= opts.maxWaitMs) reschedule = false;
  }
  const data: SynthesizeJobData = { projectId: target.projectId, projectName: target.projectName, trigger, firstScheduledAt: now };
  const job = await queue.add(`synthesize · ${target.projectName || `project ${target.projectId.slice(0, 8)}`}`, data, {
    delay: trigger === 'manual' ? 0 : opts.debounceMs,
    deduplication: { id: dedupId, reschedule, keepLastIfActive: true },
    attempts: opts.settings.attempts,
    backoff: opts.settings.backoff,
    removeOnComplete: { age: 7 * 24 * 3600, count: 1_000 },
    // kept, so Bull Board's Retry can run a failed synthesis again
    removeOnFail: false,
  });
  return { jobId: job.id };
}

/** Reads the project's pending synthesis (two Redis calls, one after the other). */
export async function pendingSynthesis(queue: Queue, projectId: string): Promise<PendingSynthesis> {
  const pendingId = await queue.getDeduplicationJobId(synthesisDedupId(projectId));
  const pending = pendingId ? await queue.getJob(pendingId) : undefined;
  return { firstScheduledAt: (pending?.data as Partial<SynthesizeJobData> | undefined)?.firstScheduledAt };
}
