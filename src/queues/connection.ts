import { Cluster, Redis } from 'ioredis';

/** A standalone Redis or a Redis Cluster: BullMQ, pub/sub and the rate limits take either. */
export type RedisConnection = Redis | Cluster;

/**
 * Where Redis is: one server (REDIS_URL) or a Redis Cluster given by some of its nodes
 * (REDIS_CLUSTER_NODES); the client discovers the rest and follows failovers.
 */
export type RedisTarget = { kind: 'standalone'; url: string } | { kind: 'cluster'; nodes: string[] };

/**
 * A Redis connection for BullMQ. Workers and QueueEvents block on their connection, so BullMQ
 * requires `maxRetriesPerRequest: null`; we use it everywhere for uniform behaviour.
 */
export function createRedisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/**
 * A Redis Cluster client seeded from node URLs (`redis://[user:password@]host:port`, or
 * `rediss://` for TLS); credentials and TLS of the first node apply to every node. Every key
 * the app writes carries a hash tag (QUEUE_PREFIX, the quota buckets), so BullMQ's multi-key
 * scripts and flows stay in one slot.
 */
export function createRedisClusterConnection(nodes: string[]): Cluster {
  const parsed = nodes.map((n) => new URL(n));
  const first = parsed[0]!;
  return new Cluster(parsed.map((u) => ({ host: u.hostname, port: Number(u.port || 6379) })), {
    redisOptions: {
      maxRetriesPerRequest: null,
      username: first.username ? decodeURIComponent(first.username) : undefined,
      password: first.password ? decodeURIComponent(first.password) : undefined,
      tls: first.protocol === 'rediss:' ? {} : undefined,
    },
    enableReadyCheck: true,
    // while a failed master is being replaced the cluster answers CLUSTERDOWN or the node is
    // unreachable: keep retrying (BullMQ's own loops retry too) rather than failing commands
    retryDelayOnClusterDown: 300,
    retryDelayOnFailover: 300,
    maxRedirections: 64,
  });
}

export function openRedis(target: RedisTarget): RedisConnection {
  return target.kind === 'cluster' ? createRedisClusterConnection(target.nodes) : createRedisConnection(target.url);
}

/** A second connection to the same Redis or cluster (subscribers and blocking readers need their own). */
export function duplicateConnection(c: RedisConnection): RedisConnection {
  // two branches: TypeScript cannot call a method of the union directly
  return c instanceof Cluster ? c.duplicate() : c.duplicate();
}

/** For tools that SCAN one keyspace (tests, benches): refuses a cluster instead of missing keys. */
export function standaloneConnection(c: RedisConnection): Redis {
  if (c instanceof Cluster) throw new Error('this tool needs a standalone Redis (REDIS_URL), not a cluster');
  return c;
}

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

function describeTarget(target: RedisTarget): string {
  const hide = (u: string) => u.replace(/\/\/[^@]*@/, '//***@');
  return target.kind === 'cluster'
    ? `Redis Cluster ${target.nodes.map(hide).join(',')}`
    : `Redis at ${hide(target.url)}`;
}

/**
 * Opens the connection and checks it answers, so a process without Redis stops at start with
 * a clear message instead of retrying silently forever.
 */
export async function connectRedis(target: RedisTarget | string, timeoutMs = 5_000): Promise<RedisConnection> {
  const t: RedisTarget = typeof target === 'string' ? { kind: 'standalone', url: target } : target;
  const connection = openRedis(t);
  let lastError = '';
  connection.on('error', (err: Error) => { lastError = err.message; });
  const timer = new Promise<never>((_, reject) => {
    setTimeout(() => reject(new RedisUnavailableError(
      `cannot reach ${describeTarget(t)} within ${timeoutMs / 1000} s${lastError ? ` (${lastError})` : ''}: start Redis or set ${t.kind === 'cluster' ? 'REDIS_CLUSTER_NODES' : 'REDIS_URL'}`,
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
