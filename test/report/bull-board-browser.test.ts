/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createHarness, http, type Harness } from '../support/harness.js';
import { openBrowser } from './support/browser.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const TITLE = 'Interview with Ana';
const TRANSCRIPT = 'AI: What tools do you use at work?\n\nUser: Mostly Figma, and I hate exporting assets because it takes ages every single week.\n\nAI: Why is that?\n\nUser: The export dialog forgets my settings, so I redo them for every screen and lose an hour.';

/**
 * Bull Board as an operator sees it in a real browser (headless Chromium): jobs named after the
 * interview's title and step, the step's key lines in the job's Logs tab, a link to the
 * interview's page, and a description on every queue.
 */
describe('Bull Board for humans (headless Chromium)', () => {
  let h: Harness;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let interviewId: string;

  beforeAll(async () => {
    h = await createHarness({ env: { SYNTHESIS_DEBOUNCE_MS: '200' } });
    browser = await openBrowser();
    await mkdir(ARTIFACTS, { recursive: true });
    const res = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: TRANSCRIPT, title: TITLE });
    expect(res.status).toBe(202);
    interviewId = res.body.interviewId;
    const done = await h.waitForJob(res.body.analysisJobId, (j) => j.status === 'completed' || j.status === 'failed', 90_000);
    expect(done.status, done.error ?? '').toBe('completed');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('shows each job as "step · interview title", with its log lines and a link to the interview', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(`${h.baseUrl}/admin/queues/queue/evidence?status=completed`);
    expect(res!.status()).toBe(200);
    const name = page.getByText(`evidence · ${TITLE} · run 1`);
    await name.first().waitFor({ timeout: 15_000 });
    expect(await name.count()).toBeGreaterThan(0);

    // the step's key lines in the job's Logs tab
    await page.getByRole('tab', { name: 'Logs' }).first().click();
    // "evidence committed: stored 2, dropped 0, ..." (what the step wrote)
    await page.getByText(/evidence committed: stored \d+/).first().waitFor({ timeout: 10_000 });
    await expect(page.getByText(/evidence started/).first().isVisible()).resolves.toBe(true);

    // the job links to its interview's report page (run timeline)
    const link = page.locator(`a[href="/v1/interviews/${interviewId}/report#timeline"]`).first();
    expect(await link.count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}bull-board-evidence.png`, fullPage: true });

    // every queue, the maintenance and webhooks queues included, is listed; the queue says what it does
    const menu = await page.locator('aside, nav').first().textContent();
    for (const q of ['transcribe', 'evidence', 'synthesize', 'webhooks', 'maintenance']) expect(menu, q).toContain(q);
    await expect(page.getByText(/Finds verbatim quotes/).first().isVisible()).resolves.toBe(true);

    // the synthesis job is named after the project
    await page.goto(`${h.baseUrl}/admin/queues/queue/synthesize?status=completed`);
    await page.getByText(/^synthesize · /).first().waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
