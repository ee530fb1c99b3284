import type { Redis } from 'ioredis';

/** Deletes every key under a private bench prefix (SCAN, never KEYS: the Redis is shared). */
export async function removeQueues(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}
