import { FlowProducer, Queue } from 'bullmq';
import type { RedisConnection } from './connection.js';
import { bullTelemetry } from '../telemetry/tracing.js';
import { QUEUE_NAMES, type QueueName } from './names.js';
import { MAINTENANCE_QUEUE } from './maintenance.js';

/** The seven queues and the FlowProducer, sharing one prefix (one hash tag for Redis Cluster). */
export class StepQueues {
  readonly queues: Record<QueueName, Queue>;
  readonly flows: FlowProducer;
  /** The reconciler's queue, for Bull Board (its worker and scheduler: src/ops/reconciler-schedule.ts). */
  readonly maintenance: Queue;

  constructor(readonly connection: RedisConnection, readonly prefix: string) {
    // telemetry: the producer's trace context travels in each job (src/telemetry/tracing.ts)
    const telemetry = bullTelemetry();
    this.queues = Object.fromEntries(
      QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix, telemetry })]),
    ) as Record<QueueName, Queue>;
    this.flows = new FlowProducer({ connection, prefix, telemetry });
    this.maintenance = new Queue(MAINTENANCE_QUEUE, { connection, prefix });
  }

  get(name: QueueName): Queue {
    return this.queues[name];
  }

  all(): Queue[] {
    return QUEUE_NAMES.map((n) => this.queues[n]);
  }

  async close(): Promise<void> {
    await Promise.all([...this.all().map((q) => q.close()), this.maintenance.close(), this.flows.close()]);
  }
}
