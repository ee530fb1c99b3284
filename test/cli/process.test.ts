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
      expect(out).toContain('top insights:');
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
