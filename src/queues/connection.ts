import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers and QueueEvents block on their connection, so BullMQ
 * requires `maxRetriesPerRequest: null`; we use it everywhere for uniform behaviour.
 */
export function createRedisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}
