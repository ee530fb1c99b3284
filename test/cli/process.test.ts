import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exitCode, spawnCli } from '../support/spawn-cli.js';
import { testQueuePrefix } from '../support/db.js';

describe('interview-flow process (the README quick start)', () => {
  it('analyses the bundled examples on the embedded database and prints the report', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'iflow-data-'));
    try {
      const run = spawnCli(['process', 'examples/'], { DATA_DIR: dataDir, QUEUE_PREFIX: testQueuePrefix(), DATABASE_URL: '' });
      expect(await exitCode(run)).toBe(0);
      const out = run.output();
      expect(out).toMatch(/store: pglite/);
      expect(out).toMatch(/interviews: 3 \(3 ready\)/);
      expect(out).toMatch(/evidence: [1-9]\d*/);
      expect(out).toMatch(/answers: [1-9]\d*\/15 addressed/);
      expect(out).toContain('per-interview themes (in the most interviews):');
      expect(out).toMatch(/^\s+"[^"]+"$/m); // a supporting quote under an insight
      expect(out).toContain('3/3 completed');
      // the study-level report leads: research questions with their study-level answers, then themes
      expect(out).toMatch(/STUDY SYNTHESIS — 3 interviews/);
      expect(out.indexOf('RESEARCH QUESTIONS')).toBeLessThan(out.indexOf('interviews: 3 (3 ready)'));
      expect(out).toMatch(/1\. How do creative professionals currently use AI tools in their work\?\n {3}→ (\d+ of 3 participants|not enough evidence)/);

      // `synthesize` runs one more generation of the same project (this run's own) and prints it
      const project = /^project .+ \(([0-9a-f-]{36})\)$/m.exec(out)![1]!;
      const again = spawnCli(['synthesize', '--project', project], { DATA_DIR: dataDir, QUEUE_PREFIX: testQueuePrefix(), DATABASE_URL: '' });
      expect(await exitCode(again)).toBe(0);
      expect(again.output()).toMatch(/STUDY SYNTHESIS — 3 interviews, \d+ participant evidence units \(generation 2, local\)/);
      const bad = spawnCli(['synthesize', '--project', 'nope'], { DATA_DIR: dataDir, QUEUE_PREFIX: testQueuePrefix(), DATABASE_URL: '' });
      expect(await exitCode(bad)).toBe(2);
      expect(bad.output()).toContain('--project must be a UUID');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 240_000);

  it('two runs at once on one Redis, each with its own embedded database, do not take each other\'s jobs', async () => {
    // QUEUE_PREFIX unset (empty counts as unset): each data directory gets its own queues; with
    // one shared prefix the other process's workers took these jobs and failed them ("not found")
    const dirs = await Promise.all([0, 1].map(() => mkdtemp(path.join(tmpdir(), 'iflow-twin-'))));
    try {
      const runs = dirs.map((d) => spawnCli(['process', 'examples/'], { DATA_DIR: d, QUEUE_PREFIX: '', DATABASE_URL: '' }));
      const codes = await Promise.all(runs.map(exitCode));
      for (const [i, run] of runs.entries()) {
        expect(codes[i], run.output().slice(-2000)).toBe(0);
        expect(run.output()).toContain('3/3 completed');
        // with a shared prefix each process took some of the other's jobs and failed them
        expect(run.output()).not.toMatch(/analysis job [0-9a-f-]{36} not found/);
      }
    } finally {
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    }
  }, 240_000);

  it('exits non-zero with a clear message on bad input', async () => {
    const missing = spawnCli(['process', 'no/such/file.txt'], { QUEUE_PREFIX: testQueuePrefix() });
    expect(await exitCode(missing)).toBe(2);
    expect(missing.output()).toContain('no such file or folder: no/such/file.txt');

    const dir = await mkdtemp(path.join(tmpdir(), 'iflow-bad-'));
    try {
      await writeFile(path.join(dir, 'only-questions.txt'), 'AI: What do you do?\n\nAI: Why?\n');
      const noParticipant = spawnCli(['process', path.join(dir, 'only-questions.txt'), '--interviewers', 'AI'],
        { DATA_DIR: dir, QUEUE_PREFIX: testQueuePrefix(), DATABASE_URL: '' });
      expect(await exitCode(noParticipant)).toBe(2);
      expect(noParticipant.output()).toContain('no participant turns');

      await writeFile(path.join(dir, 'codebook.json'), JSON.stringify({ codes: [{ name: 'x' }] }));
      const badCodebook = spawnCli(['process', 'examples/', '--codebook', path.join(dir, 'codebook.json')],
        { DATA_DIR: dir, QUEUE_PREFIX: testQueuePrefix(), DATABASE_URL: '' });
      expect(await exitCode(badCodebook)).toBe(2);
      expect(badCodebook.output()).toMatch(/invalid codebook .*codes\.0\.statement/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
