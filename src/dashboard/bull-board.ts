import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';
import type { Queue } from 'bullmq';

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
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: opts.readOnly })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'interview-flow' } },
  });
  const router = serverAdapter.getRouter() as Router & { disable?(setting: string): void };
  // the adapter is its own express app, which would announce itself in X-Powered-By
  router.disable?.('x-powered-by');
  return router;
}
