import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';
import type { Queue } from 'bullmq';
import type { QueueName } from '../queues/names.js';
import { QUEUE_DESCRIPTIONS, jobInterview } from './queue-descriptions.js';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over every step queue (so its flow view can follow parents). Bull Board has no
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
        description: QUEUE_DESCRIPTIONS[q.name as QueueName] ?? '',
        // each interview job links to its interview's page: answers, transcript, run timeline
        externalJobUrl: (job) => {
          const iv = jobInterview(job.data);
          return (iv ? { href: `/v1/interviews/${iv.interviewId}/report#timeline`, displayText: 'Interview report' } : undefined) as { href: string; displayText?: string };
        },
      });
      // "evidence · run 2 · interview 1a2b3c4d (title)" instead of the bare queue name
      adapter.setFormatter('name', (job: { name: string; data?: unknown }) => {
        const iv = jobInterview(job.data);
        if (!iv) return job.name;
        return `${job.name}${iv.runNo ? ` · run ${iv.runNo}` : ''} · ${iv.title ? `${iv.title} ` : ''}(interview ${iv.interviewId.slice(0, 8)})`;
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
