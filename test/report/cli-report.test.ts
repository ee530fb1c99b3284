import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exitCode, spawnCli } from '../support/spawn-cli.js';
import { createTestDatabase, testQueuePrefix } from '../support/db.js';

describe('process --out: the report as one self-contained file', () => {
  it('writes HTML and Markdown with the answers first and says where they are', async () => {
    const db = await createTestDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'iflow-out-'));
    try {
      const html = path.join(dir, 'report.html');
      const md = path.join(dir, 'report.md');
      const run = spawnCli(['process', 'examples/', '--limit', '2', '--out', html, md],
        { DATABASE_URL: db.url, QUEUE_PREFIX: testQueuePrefix(), DATA_DIR: dir });
      expect(await exitCode(run), run.output()).toBe(0);
      const out = run.output().trimEnd().split('\n');
      // the run ends with where the full report is
      expect(out.slice(-2)).toEqual([`full report: ${html}`, `full report: ${md}`]);

      const page = await readFile(html, 'utf8');
      const questions = (await readFile('examples/questions.txt', 'utf8')).split('\n').filter((l) => l.trim() && !l.startsWith('#'));
      expect(page).toContain(questions[0]!.trim().replace(/'/g, '&#39;'));
      expect(page.indexOf('id="questions"')).toBeLessThan(page.indexOf('id="themes"'));
      // offline: no external stylesheet, script, image or font
      expect(page).not.toMatch(/<(link|img|iframe)\b|<script[^>]+src=|url\(|@import|https?:\/\/(?!www\.w3\.org)/);
      expect(page).toMatch(/<figure class="quote"/);

      const text = await readFile(md, 'utf8');
      expect(text).toMatch(/^# /);
      expect(text.indexOf('## Research questions')).toBeLessThan(text.indexOf('## Themes by prevalence'));
      expect(text).toMatch(/^> “.+”$/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await db.drop();
    }
  }, 240_000);

  it('refuses an --out it cannot write before doing any work', async () => {
    const run = spawnCli(['process', 'examples/', '--out', 'report.pdf'], { QUEUE_PREFIX: testQueuePrefix() });
    expect(await exitCode(run)).toBe(2);
    expect(run.output()).toContain('--out must end in .html or .md, got report.pdf');
  }, 120_000);
});
