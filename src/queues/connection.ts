import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers and QueueEvents block on their connection, so BullMQ
 * requires `maxRetriesPerRequest: null`; we use it everywhere for uniform behaviour.
 */
export function createRedisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/**
 * Opens the connection and checks it answers, so a process without Redis stops at start with
 * a clear message instead of retrying silently forever.
 */
export async function connectRedis(url: string, timeoutMs = 5_000): Promise<Redis> {
  const connection = createRedisConnection(url);
  let lastError = '';
  connection.on('error', (err: Error) => { lastError = err.message; });
  const timer = new Promise<never>((_, reject) => {
    setTimeout(() => reject(new RedisUnavailableError(
      `cannot reach Redis at ${url.replace(/\/\/[^@]*@/, '//***@')} within ${timeoutMs / 1000} s${lastError ? ` (${lastError})` : ''}: start Redis or set REDIS_URL`,
    )), timeoutMs).unref();
  });
  try {
    await Promise.race([connection.ping(), timer]);
    return connection;
  } catch (err) {
    connection.disconnect();
    throw err;
  }
}
