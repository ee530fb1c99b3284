import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { exitCode, spawnCli, ROOT } from '../support/spawn-cli.js';
import { createTestDatabase, testQueuePrefix } from '../support/db.js';
import { CREATIVES_0 } from './support/audio-interview.js';

const CREATIVES_1 = CREATIVES_0.replace('creatives-0.txt', 'creatives-1.txt');
const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;

async function writeCsv(dir: string): Promise<string> {
  const file = path.join(dir, 'study.csv');
  const rows = [['t-0', await readFile(CREATIVES_0, 'utf8')], ['t-1', await readFile(CREATIVES_1, 'utf8')]];
  await writeFile(file, `transcript_id,text\n${rows.map((r) => r.map(csvField).join(',')).join('\n')}\n`);
  return file;
}

describe('process in a terminal and again on the same inputs', () => {
  it('a fresh project per run; the same CSV into a project adds nothing twice; --version; one line without Postgres', async () => {
    const db = await createTestDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'iflow-live-'));
    const env = { DATABASE_URL: db.url, QUEUE_PREFIX: testQueuePrefix(), DATA_DIR: dir };
    try {
      const csv = await writeCsv(dir);
      const first = spawnCli(['process', csv], env);
      expect(await exitCode(first), first.output()).toBe(0);
      const project = /^project .+ \(([0-9a-f-]{36})\)$/m.exec(first.output())![1]!;
      // not a TTY: plain lines, one per change, ending with the completed state
      expect(first.output()).toMatch(/^\[1\/2\] study\.csv#t-0: completed 100%/m);

      const again = spawnCli(['process', csv, '--project', project], env);
      expect(await exitCode(again), again.output()).toBe(0);
      expect(again.output()).toContain('2 already in the project, not added again');
      const fresh = spawnCli(['process', csv, '--limit', '1'], env);
      expect(await exitCode(fresh), fresh.output()).toBe(0);
      const other = /^project .+ \(([0-9a-f-]{36})\)$/m.exec(fresh.output())![1]!;
      expect(other).not.toBe(project);

      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query('select project_id, count(*)::int as n from interviews group by project_id');
        expect(Object.fromEntries(rows.map((r) => [r.project_id, r.n]))).toEqual({ [project]: 2, [other]: 1 });
        const { rows: [p] } = await client.query('select name from projects where id = $1', [project]);
        expect(p.name).toMatch(/^study\.csv · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
      } finally {
        await client.end();
      }

      const version = spawnCli(['--version'], {});
      expect(await exitCode(version)).toBe(0);
      const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      expect(version.output().trim()).toBe(pkg.version);

      const down = spawnCli(['status', '00000000-0000-4000-8000-000000000001'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
      expect(await exitCode(down)).toBe(1);
      // one line, no stack trace (the store's DatabaseUnavailable error or the CLI's explainer)
      expect(down.output().trim().split('\n')).toEqual([expect.stringMatching(/^interview-flow: .*ECONNREFUSED/)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await db.drop();
    }
  }, 240_000);

  it('draws a live display in a terminal and says how to resume after Ctrl-C', async () => {
    const db = await createTestDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'iflow-tty-'));
    try {
      const csv = await writeCsv(dir);
      const log = path.join(dir, 'tty.log');
      // a real pseudo-terminal (util-linux `script`) with a size, as a user's terminal has
      const cmd = `stty rows 30 cols 120; exec ${process.execPath} --import tsx src/cli/main.ts process ${csv}`;
      const child = spawn('script', ['-qfec', cmd, log], {
        cwd: ROOT, stdio: 'ignore',
        env: { ...process.env, DATABASE_URL: db.url, QUEUE_PREFIX: testQueuePrefix(), DATA_DIR: dir, LOCAL_ANALYZER_DELAY_MS: '1500' },
      });
      let screen = '';
      const deadline = Date.now() + 90_000;
      while (!/\d+\/2 done · \d+ running/.test(screen) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        screen = await readFile(log, 'utf8').catch(() => '');
      }
      expect(screen).toMatch(/[█░]{24} \d\/2 done · \d+ running · \d+ completed · \d+ failed · [\d.]+ (ms|s)/);
      // Ctrl-C as the terminal sends it: SIGINT to the CLI (the child of `script`)
      const pid = Number((await new Promise<string>((resolve) => {
        const ps = spawn('pgrep', ['-P', String(child.pid)]);
        let out = '';
        ps.stdout.on('data', (d) => { out += d; });
        ps.on('close', () => resolve(out.trim().split('\n')[0] ?? ''));
      })));
      expect(pid).toBeGreaterThan(0);
      process.kill(pid, 'SIGINT');
      await new Promise((r) => child.once('exit', r));
      const out = await readFile(log, 'utf8');
      // redrawn in place: log-update moves the cursor up and clears the previous block
      expect(out).toContain('\u001b[1A');
      expect(out).toMatch(/interrupted: finished interviews are saved\. To continue where this run stopped:\r?\n {2}interview-flow process \S+study\.csv --project [0-9a-f-]{36}/);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await db.drop();
    }
  }, 180_000);
});
