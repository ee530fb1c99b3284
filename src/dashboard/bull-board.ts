import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';
import type { Queue } from 'bullmq';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over every step queue (so its flow view can follow parents). Bull Board has no
 * auth of its own: put it behind your proxy's auth; `readOnly` removes the write buttons.
 */
export function createDashboardRouter(queues: Queue[], opts: { readOnly: boolean }): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: opts.readOnly })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'interview-flow' } },
  });
  return serverAdapter.getRouter() as Router;
}
