import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testQueuePrefix } from '../support/db.js';
import { exitCode, spawnCli } from '../support/spawn-cli.js';

/**
 * `interview-flow keys create|list|revoke` and how `api` chooses its auth mode: single-account
 * only on loopback and said at start; credentials required once a key exists; a revoked key is
 * refused from the next request.
 */

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startApi(env: Record<string, string>) {
  const port = await freePort();
  const child = spawnCli(['api'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
  const deadline = Date.now() + 120_000; // a cold tsx start on a loaded machine
  while (!/auth: /.test(child.output())) {
    if (child.exitCode !== null) throw new Error(`api exited:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`api did not start:\n${child.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base: `http://127.0.0.1:${port}` };
}

async function stop(child: ReturnType<typeof spawnCli>) {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await exitCode(child);
  }
}

describe('interview-flow keys and the api auth mode', { timeout: 240_000 }, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  const account = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, QUEUE_PREFIX: testQueuePrefix() };
  });
  afterAll(async () => { await db?.drop(); });

  it('without keys: refuses a non-loopback HOST, and on loopback says it is in single-account mode', async () => {
    const refused = spawnCli(['api'], { ...env, HOST: '0.0.0.0', PORT: String(await freePort()) });
    expect(await exitCode(refused)).not.toBe(0);
    expect(refused.output()).toMatch(/refusing to serve without authentication on 0\.0\.0\.0/);

    const { child, base } = await startApi(env);
    try {
      expect(child.output()).toMatch(/SINGLE-ACCOUNT MODE/);
      const res = await fetch(`${base}/v1/projects`);
      expect(res.status).toBe(200);
    } finally {
      await stop(child);
    }
  });

  it('creates a key shown once and stored hashed, lists it without the key, and the api then requires it until revoked', async () => {
    const created = spawnCli(['keys', 'create', '--account', account, '--name', 'ci', '--scopes', 'interviews:write,read', '--json'], env);
    expect(await exitCode(created)).toBe(0);
    const out = created.output();
    const record = JSON.parse(out.slice(out.indexOf('{')));
    expect(record.key).toMatch(/^iflow_[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({ accountId: account, name: 'ci', scopes: ['interviews:write', 'read'], revokedAt: null });

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const stored = (await client.query('select * from api_keys where id = $1', [record.id])).rows[0];
    await client.end();
    expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(record.key);

    const list = spawnCli(['keys', 'list', '--account', account], env);
    expect(await exitCode(list)).toBe(0);
    expect(list.output()).toContain(record.id);
    expect(list.output()).toContain(record.key.slice(0, 12));
    expect(list.output()).not.toContain(record.key);

    const { child, base } = await startApi(env);
    try {
      expect(child.output()).toMatch(/auth: credentials required \(1 API key/);
      expect((await fetch(`${base}/v1/projects`)).status).toBe(401);
      const auth = { authorization: `Bearer ${record.key}` };
      expect((await fetch(`${base}/v1/projects`, { headers: auth })).status).toBe(200);

      const revoke = spawnCli(['keys', 'revoke', record.id], env);
      expect(await exitCode(revoke)).toBe(0);
      expect(revoke.output()).toMatch(/revoked/);
      expect((await fetch(`${base}/v1/projects`, { headers: auth })).status).toBe(401);
    } finally {
      await stop(child);
    }
  });

  it('refuses bad arguments with a message and exit 2', async () => {
    // each spawn starts a Node process: two cases, the validation itself is one zod schema
    const cases: [string[], RegExp][] = [
      [['keys', 'create', '--account', account, '--scopes', 'root'], /--scopes/],
    ];
    for (const [args, message] of cases) {
      const p = spawnCli(args, env);
      expect(await exitCode(p), args.join(' ')).toBe(2);
      expect(p.output()).toMatch(message);
    }
    const unknown = spawnCli(['keys', 'revoke', randomUUID()], env);
    expect(await exitCode(unknown)).toBe(1);
    expect(unknown.output()).toMatch(/not found/);
  });
});
