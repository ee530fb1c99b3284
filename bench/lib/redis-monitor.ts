import { Redis } from 'ioredis';

/**
 * Counts the Redis commands that touch one key prefix, with MONITOR (the Redis is shared with
 * other processes, so only lines naming our prefix count). `client` are round trips from our
 * processes; `script` are commands run inside BullMQ's Lua scripts (no round trip, but work).
 * MONITOR slows Redis down: use it on a separate, small batch, never during a timed one.
 */
export class RedisCommandCounter {
  client = 0;
  script = 0;
  readonly byCommand = new Map<string, number>();
  private monitor: Awaited<ReturnType<Redis['monitor']>> | null = null;

  constructor(private readonly url: string, private readonly prefix: string) {}

  async start(): Promise<void> {
    const redis = new Redis(this.url, { maxRetriesPerRequest: null });
    this.monitor = await redis.monitor();
    this.monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (!args.some((a) => a.includes(this.prefix))) return;
      if (source === 'lua') this.script++;
      else {
        this.client++;
        const cmd = args[0]!.toLowerCase();
        this.byCommand.set(cmd, (this.byCommand.get(cmd) ?? 0) + 1);
      }
    });
    redis.disconnect();
  }

  async stop(): Promise<void> {
    this.monitor?.disconnect();
    this.monitor = null;
  }
}
