import { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** BullMQ's Lua scripts by SHA1 (what EVALSHA names), read from the installed package's scripts. */
async function bullmqScriptNames(): Promise<Map<string, string>> {
  const root = dirname(createRequire(import.meta.url).resolve('bullmq/package.json'));
  const dir = join(root, 'dist', 'esm', 'scripts');
  const names = new Map<string, string>();
  for (const f of readdirSync(dir).filter((x) => /^[a-zA-Z]+-\d+\.js$/.test(x))) {
    const mod = await import(pathToFileURL(join(dir, f)).href) as Record<string, { name?: string; content?: string }>;
    for (const s of Object.values(mod)) if (s?.content && s.name) names.set(createHash('sha1').update(s.content).digest('hex'), s.name);
  }
  return names;
}

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
    const scripts = await bullmqScriptNames().catch(() => new Map<string, string>());
    const redis = new Redis(this.url, { maxRetriesPerRequest: null });
    this.monitor = await redis.monitor();
    this.monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (!args.some((a) => a.includes(this.prefix))) return;
      if (source === 'lua') this.script++;
      else {
        this.client++;
        // EVALSHA is named after the BullMQ script it runs (moveToFinished, addLog, ...)
        const cmd = args[0]!.toLowerCase() === 'evalsha' ? `evalsha ${scripts.get(args[1]!) ?? args[1]!.slice(0, 8)}` : args[0]!.toLowerCase();
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
