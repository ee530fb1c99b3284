import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';
import type { Queue } from 'bullmq';
import { QUEUE_DESCRIPTIONS, jobInterview, jobLink } from './queue-descriptions.js';
import { stepJobName } from '../flows/job-names.js';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over every queue: the steps (so its flow view can follow parents), synthesis,
 * webhook deliveries and the maintenance (reconciler) queue. Bull Board has no
 * auth of its own: the API mounts it behind authenticate() and bullBoardGuard (admin scope);
 * `readOnly` removes the write buttons.
 */
export function createDashboardRouter(queues: Queue[], opts: { readOnly: boolean }): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: queues.map((q) => {
      const adapter = new BullMQAdapter(q, {
        readOnlyMode: opts.readOnly,
        description: QUEUE_DESCRIPTIONS[q.name as keyof typeof QUEUE_DESCRIPTIONS] ?? '',
        // each job links to what it works on: an interview's page (answers, transcript, run
        // timeline) or a project's report (synthesis)
        externalJobUrl: (job) => jobLink(job.data) as { href: string; displayText?: string },
      });
      // the job's name is "evidence · Interview with Ana" (src/flows/job-names.ts); the run is added
      // here, and the interview for jobs of older versions named after their queue only
      adapter.setFormatter('name', (job: { name: string; data?: unknown }) => {
        const iv = jobInterview(job.data);
        if (!iv) return job.name;
        const base = job.name === q.name ? stepJobName(job.name, iv) : job.name;
        return `${base}${iv.runNo ? ` · run ${iv.runNo}` : ''}`;
      });
      return adapter;
    }),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'interview-flow' } },
  });
  const router = serverAdapter.getRouter() as Router & { disable?(setting: string): void };
  // the adapter is its own express app, which would announce itself in X-Powered-By
  router.disable?.('x-powered-by');
  return router;
}
