import { createLogUpdate } from 'log-update';
import type { AnalysisJobView, Store } from '../ports/store.js';
import type { JobEventHub } from '../queues/job-event-hub.js';
import { duration } from '../report/format-time.js';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

export interface FollowOptions {
  /** Redraw one block in place (a terminal); otherwise print a plain line per change. */
  tty: boolean;
  stream?: NodeJS.WriteStream;
  /** Interviews in progress shown one line each. Default 8. */
  maxLines?: number;
  /**
   * A job with no queue event for this long is read again (a missed event, a job waiting on a
   * provider); everything else is read only when its queue reports a change. Default 5000.
   */
  staleMs?: number;
}

function bar(fraction: number, width = 24): string {
  const full = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
}

/**
 * Follows the analysis jobs until each has finished, from BullMQ queue events (no polling loop):
 * in a terminal an overall bar with counts and ETA and one line per interview in progress,
 * redrawn in place; otherwise one plain line per change. Returns the final jobs in input order.
 */
export async function followJobs(store: Store, hub: JobEventHub, jobs: { title: string; analysisJobId: string }[], opts: FollowOptions): Promise<AnalysisJobView[]> {
  const stream = opts.stream ?? process.stderr;
  const maxLines = opts.maxLines ?? 8;
  const staleMs = opts.staleMs ?? 5000;
  const index = new Map(jobs.map((j, i) => [j.analysisJobId, i]));
  const state = new Map<string, AnalysisJobView>();
  const readAt = new Map<string, number>();
  const printed = new Map<string, string>();
  const started = Date.now();
  // a terminal that reports no size (rows 0) would get nothing from log-update: plain lines there
  const draw = opts.tty && (stream.rows ?? 0) > 0 ? createLogUpdate(stream) : null;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => { finish = resolve; });

  const finished = () => [...state.values()].filter((j) => FINISHED.has(j.status)).length;

  const render = () => {
    const all = jobs.length;
    const complete = [...state.values()].filter((j) => j.status === 'completed').length;
    const failed = [...state.values()].filter((j) => j.status === 'failed' || j.status === 'cancelled').length;
    const running = [...state.values()].filter((j) => j.status === 'running');
    const progress = jobs.reduce((n, j) => n + (state.get(j.analysisJobId)?.progress ?? 0), 0) / (all * 100);
    const elapsed = Date.now() - started;
    const eta = progress > 0.02 && progress < 1 ? ` · ETA ${duration((elapsed / progress) * (1 - progress))}` : '';
    const lines = [
      `${bar(progress)} ${complete + failed}/${all} done · ${running.length} running · ${complete} completed · ${failed} failed · ${duration(elapsed)}${eta}`,
    ];
    for (const j of running.slice(0, maxLines)) {
      const title = jobs[index.get(j.id)!]!.title;
      lines.push(`  ${clip(title, 28)} ${clip(j.currentStep ?? '', 10)} ${String(j.progress).padStart(3)}%${j.statusLine ? `  ${j.statusLine}` : ''}`);
    }
    if (running.length > maxLines) lines.push(`  … and ${running.length - maxLines} more`);
    draw!(lines.join('\n'));
  };

  const plain = (j: AnalysisJobView) => {
    const i = index.get(j.id)!;
    const line = `[${i + 1}/${jobs.length}] ${jobs[i]!.title}: ${j.status} ${j.progress}%${j.currentStep && !FINISHED.has(j.status) ? ` at ${j.currentStep}` : ''}${j.statusLine ? ` (${j.statusLine})` : ''}`;
    if (printed.get(j.id) !== line) {
      stream.write(`${line}\n`);
      printed.set(j.id, line);
    }
  };

  let queue: Promise<void> = Promise.resolve();
  const refresh = (id: string) => {
    queue = queue.then(async () => {
      if (FINISHED.has(state.get(id)?.status ?? '')) return;
      readAt.set(id, Date.now());
      const j = await store.getAnalysisJob(id);
      if (!j) return;
      state.set(id, j);
      if (draw) render(); else plain(j);
      if (finished() === jobs.length) finish();
    }).catch(() => { /* the next event or the stale check reads it again */ });
  };

  const unsubscribe = await hub.subscribe((id) => { if (index.has(id)) refresh(id); });
  for (const j of jobs) refresh(j.analysisJobId);
  // redraw the clock and ETA every second; re-read only jobs that have been quiet for staleMs
  const tick = setInterval(() => {
    for (const j of jobs) {
      if (!FINISHED.has(state.get(j.analysisJobId)?.status ?? '') && Date.now() - (readAt.get(j.analysisJobId) ?? 0) > staleMs) refresh(j.analysisJobId);
    }
    if (draw) render();
  }, 1000);
  if (draw) render();
  try {
    await done;
    await queue;
  } finally {
    clearInterval(tick);
    await unsubscribe();
    if (draw) {
      render();
      draw.done();
    }
  }
  return jobs.map((j) => state.get(j.analysisJobId)!);
}
