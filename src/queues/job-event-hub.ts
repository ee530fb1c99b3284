import { QueueEvents } from 'bullmq';
import { duplicateConnection, type RedisConnection } from './connection.js';
import { STEPS } from '../domain/steps.js';

type Listener = (analysisJobId: string) => void;

/**
 * Tells subscribers which analysis job just changed, from BullMQ's queue events (a step became
 * active, reported progress, completed or failed) on every step queue: no polling. The
 * QueueEvents connections exist only while someone listens (the first subscriber opens them,
 * the last one closes them).
 */
export class JobEventHub {
  private events: { qe: QueueEvents; conn: RedisConnection }[] | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly connection: RedisConnection, private readonly prefix: string) {}

  async subscribe(fn: Listener): Promise<() => Promise<void>> {
    this.listeners.add(fn);
    if (!this.events) this.events = await this.open();
    return async () => {
      this.listeners.delete(fn);
      if (this.listeners.size === 0 && this.events) {
        const open = this.events;
        this.events = null;
        await Promise.all(open.map(async ({ qe, conn }) => { await qe.close().catch(() => {}); conn.disconnect(); }));
      }
    };
  }

  private async open() {
    const opened = STEPS.map((name) => {
      // QueueEvents blocks on its connection: one of its own per queue
      const conn = duplicateConnection(this.connection);
      const qe = new QueueEvents(name, { connection: conn, prefix: this.prefix });
      const emit = ({ jobId }: { jobId: string }) => {
        const id = jobId.split('.')[0]!;
        for (const l of this.listeners) l(id);
      };
      for (const event of ['active', 'progress', 'completed', 'failed'] as const) qe.on(event, emit as never);
      qe.on('error', () => { /* reconnects by itself; a stream's next state comes with the next event */ });
      return { qe, conn };
    });
    await Promise.all(opened.map(({ qe }) => qe.waitUntilReady()));
    return opened;
  }
}
