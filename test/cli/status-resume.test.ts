import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createHarness, http, type Harness } from '../support/harness.js';
import { creatives } from '../support/creatives.js';
import { CountingAnalyzer } from '../support/counting-analyzer.js';
import { exitCode, spawnCli } from '../support/spawn-cli.js';

describe('interview-flow status and resume', () => {
  let h: Harness;
  const analyzer = new CountingAnalyzer();
  beforeAll(async () => { h = await createHarness({ env: { QUEUE_ANSWERS_ATTEMPTS: '1' }, overrides: { analyzer } }); });
  afterAll(async () => { await h?.close(); });

  it('shows a failed step, resumes from the CLI, and shows completion', async () => {
    analyzer.failing.add('attributeAnswers');
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: creatives()[8]!.text, questions: ['Why?'] });
    const id = created.body.analysisJobId;
    await h.waitForJob(id, (j) => j.status === 'failed');

    const status = spawnCli(['status', id], h.env);
    expect(await exitCode(status)).toBe(0);
    expect(status.output()).toMatch(/status failed/);
    expect(status.output()).toMatch(/answers\s+failed\s+attempts 1.*injected attributeAnswers failure/);

    analyzer.failing.clear();
    const resume = spawnCli(['resume', id], h.env);
    expect(await exitCode(resume)).toBe(0);
    expect(resume.output()).toContain('run 2 queued with steps answers, finalize');
    await h.waitForJob(id, (j) => j.status === 'completed');

    const json = spawnCli(['status', id, '--json'], h.env);
    expect(await exitCode(json)).toBe(0);
    expect(JSON.parse(json.output().slice(json.output().indexOf('{')))).toMatchObject({ status: 'completed', currentRun: 2 });
  });

  it('answers bad ids and steps with a message and a non-zero exit', async () => {
    const malformed = spawnCli(['status', 'abc'], h.env);
    expect(await exitCode(malformed)).toBe(2);
    expect(malformed.output()).toContain('not an analysis job id: abc');
    const unknown = spawnCli(['status', randomUUID()], h.env);
    expect(await exitCode(unknown)).toBe(1);
    expect(unknown.output()).toMatch(/not found/);
    const step = spawnCli(['resume', randomUUID(), '--from', 'dance'], h.env);
    expect(await exitCode(step)).toBe(2);
    expect(step.output()).toContain('unknown step dance');
  });
});

describe('interview-flow resume refusals', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness({ workers: false }); });
  afterAll(async () => { await h?.close(); });

  it('says why in one line: unknown job, live run', async () => {
    const unknown = spawnCli(['resume', randomUUID()], h.env);
    expect(await exitCode(unknown)).toBe(1);
    expect(unknown.output()).toMatch(/^interview-flow: analysis job \S+ not found$/m);
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: creatives()[9]!.text });
    const live = spawnCli(['resume', created.body.analysisJobId], h.env);
    expect(await exitCode(live)).toBe(1);
    expect(live.output()).toMatch(/already has a live run/);
    expect(live.output()).not.toMatch(/\n\s+at /); // no stack trace
  });
});
