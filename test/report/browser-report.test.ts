/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { createHarness, http, type Harness } from '../support/harness.js';
import { startFakeOpenAIAudio, type FakeOpenAIAudio } from '../support/fake-openai-audio.js';
import { synthesizeInterview, type SynthesizedInterview } from '../transcribers/support/synthesize-interview.js';
import { CREATIVES_0, shortTurns } from './support/audio-interview.js';
import { openBrowser } from './support/browser.js';
import { synthesizeAndWait } from '../../src/flows/await-synthesis.js';
import type { ProjectSynthesisView } from '../../src/ports/synthesis-store.js';
import { credentialAuthenticator } from '../../src/auth/authenticator.js';
import { loadAuthConfig } from '../../src/auth/auth-config.js';
import { generateApiKey } from '../../src/auth/api-key.js';
import { createLinkSigner, loadLinkConfig } from '../../src/auth/signed-links.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PROJECT = '6a1f3c2e-5b7d-4e8f-9a0b-1c2d3e4f5a60';
const ACCOUNT = '6a1f3c2e-5b7d-4e8f-9a0b-1c2d3e4f5a61';
const QUESTIONS = [
  'How do creative professionals use AI tools in their work?',
  'What concerns do they have about AI and their craft?',
];
// interview text that would run script if it were not escaped
const HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

describe('the research report in a real browser (headless Chromium)', () => {
  let h: Harness;
  let fake: FakeOpenAIAudio;
  let audio: SynthesizedInterview;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  const ids: Record<string, string> = {};
  let synthesis: ProjectSynthesisView;
  // credentials are required (API keys): the browser opens reports through signed links only
  let bearer: Record<string, string>;
  const links: Record<string, string> = {};

  beforeAll(async () => {
    audio = await synthesizeInterview(await shortTurns(6, 20, 2));
    fake = await startFakeOpenAIAudio({
      segments: audio.turns.map((t) => ({ text: t.text, startMs: t.startMs, endMs: t.endMs })),
      durationSeconds: audio.durationMs / 1000,
    });
    const env = {
      TRANSCRIBER: 'openai', OPENAI_TRANSCRIBE_BASE_URL: fake.baseUrl, OPENAI_TRANSCRIBE_API_KEY: 'sk-test',
      OPENAI_TRANSCRIBE_MODEL: 'whisper-1',
    };
    h = await createHarness({ env, app: (rt) => {
      const auth = loadAuthConfig({ env });
      return { auth, authenticator: credentialAuthenticator(rt.store, auth.jwt) };
    } });
    const key = generateApiKey();
    await h.rt.store.createApiKey({ accountId: ACCOUNT, name: 'researcher', prefix: key.prefix, hash: key.hash, scopes: ['interviews:write', 'read'] });
    bearer = { authorization: `Bearer ${key.key}` };
    browser = await openBrowser();
    await mkdir(ARTIFACTS, { recursive: true });

    const text = await readFile(CREATIVES_0, 'utf8');
    const transcript = await http(h.baseUrl, 'POST', '/v1/interviews', {
      transcript: `${text}\n\nUser: One more thing: ${HOSTILE} is what I typed into the tool once.`,
      title: `Media composer <b>${HOSTILE}</b>`, projectId: PROJECT, questions: QUESTIONS, interviewers: ['AI', 'Assistant'],
    }, bearer);
    expect(transcript.status).toBe(202);
    const form = new FormData();
    form.append('file', new Blob([await readFile(audio.wav)], { type: 'audio/wav' }), 'composer-call.wav');
    form.append('title', 'Composer call (recording)');
    form.append('projectId', PROJECT);
    form.append('interviewers', JSON.stringify(['Speaker 1']));
    form.append('questions', JSON.stringify(QUESTIONS));
    const recorded = await fetch(`${h.baseUrl}/v1/interviews`, { method: 'POST', body: form, headers: bearer });
    const recordedBody = await recorded.json() as { interviewId: string; analysisJobId: string };
    expect(recorded.status, JSON.stringify(recordedBody)).toBe(202);
    for (const job of [transcript.body.analysisJobId, recordedBody.analysisJobId]) {
      const done = await h.waitForJob(job, (j) => j.status === 'completed' || j.status === 'failed', 90_000);
      expect(done.status, done.error ?? '').toBe('completed');
    }
    ids.transcript = transcript.body.interviewId;
    ids.recorded = recordedBody.interviewId;
    // the report's answers are the study-level ones: wait for the synthesis over both interviews
    synthesis = await synthesizeAndWait({ store: h.rt.store, queue: h.rt.queues.get('synthesize'), connection: h.rt.connection }, { projectId: PROJECT, projectName: '' },
      { ...h.config.synthesis, settings: h.config.queues.synthesize, timeoutMs: 90_000 });
    expect(synthesis.latestRun?.status).toBe('completed');
    // the links a caller gets from the API: signed, for a browser without an Authorization header
    links.project = (await http(h.baseUrl, 'GET', `/v1/projects/${PROJECT}/synthesis`, undefined, bearer)).body.links.report;
    links.transcript = (await http(h.baseUrl, 'GET', `/v1/analysis-jobs/${transcript.body.analysisJobId}`, undefined, bearer)).body.links.report;
    expect(links.project).toMatch(new RegExp(`^/v1/projects/${PROJECT}/report\\?exp=\\d+&sig=[\\w-]{43}$`));
    expect(links.transcript).toMatch(/^\/v1\/interviews\/[0-9a-f-]{36}\/report\?exp=\d+&sig=[\w-]{43}$/);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await fake?.close();
  });

  async function axe(page: Page) {
    await page.addScriptTag({ path: AXE });
    return page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } })
        .axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
  }

  it('shows the questions with answers and quotes first, a theme opens to its quotes, a quote plays from its moment', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // without the signature the browser is refused; with it (and no header) the report opens
    const refused = await fetch(`${h.baseUrl}/v1/projects/${PROJECT}/report`, { headers: { accept: 'text/html' } });
    expect(refused.status).toBe(401);
    const res = await page.goto(`${h.baseUrl}${links.project}`);
    expect(res!.status()).toBe(200);
    expect(res!.request().headers().authorization).toBeUndefined();
    expect(res!.headers()['content-security-policy']).toContain("default-src 'none'");

    // research questions come first, each with its study-level answer (the synthesis') and cited quotes
    const headings = await page.locator('h2').allTextContents();
    expect(headings[0]).toBe('Research questions');
    for (const q of QUESTIONS) await expect(page.getByRole('heading', { name: q }).isVisible()).resolves.toBe(true);
    const sections = page.locator('section.question');
    for (const [i, q] of QUESTIONS.entries()) {
      const study = synthesis.answers.find((a) => a.question === q)!;
      expect(study, q).toBeDefined();
      const section = sections.nth(i);
      await expect(section.locator('.summary').textContent()).resolves.toBe(study.summary);
      await expect(section.locator('.meta').first().textContent()).resolves.toContain(`${study.participantsSupporting} of ${study.participantsTotal} participants`);
      // each sentence of the study-level answer, then the quotes it cites (not per-interview answers)
      const text = await section.textContent();
      for (const st of study.sentences) expect(text).toContain(st.text);
      const cited = await section.locator('a.play, figure.quote').count();
      expect(cited > 0).toBe(study.citations.length > 0);
    }
    const first = sections.first();
    expect(await first.locator('figure.quote').count(), JSON.stringify(synthesis.answers[0])).toBeGreaterThan(0);
    await expect(first.locator('figure.quote figcaption').first().textContent()).resolves.toMatch(/— .+, .+, .*\d+:\d\d/);
    const firstStudy = synthesis.answers.find((a) => a.question === QUESTIONS[0])!;
    const shownIds = await first.locator('figure.quote').evaluateAll((els) => els.map((e) => e.getAttribute('data-evidence')));
    const citedIds = new Set(firstStudy.sentences.flatMap((st) => st.evidenceIds));
    expect(shownIds.every((id) => id === null || citedIds.has(id)), JSON.stringify(shownIds)).toBe(true);

    // themes by prevalence with a chart; a theme's quotes are hidden until it is opened
    expect(await page.locator('#themes svg.chart rect').count()).toBeGreaterThan(1);
    const theme = page.locator('details.theme').first();
    const quote = theme.locator('figure.quote').first();
    expect(await quote.isVisible()).toBe(false);
    await theme.locator('summary').click();
    expect(await quote.isVisible()).toBe(true);
    await expect(quote.locator('blockquote').textContent()).resolves.toMatch(/\w{3,}/);

    // hostile interview text is shown as text and never runs
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await expect(page.locator('#interviews').textContent()).resolves.toContain('<img src=x onerror=');

    await page.screenshot({ path: `${ARTIFACTS}report-project.png`, fullPage: true });

    // a quote of the recorded interview plays the recording from its timestamp
    const play = page.locator(`a.play[data-interview="${ids.recorded}"]`).first();
    await play.scrollIntoViewIfNeeded();
    const start = Number(await play.getAttribute('data-start'));
    expect(start).toBeGreaterThan(0); // not the first turn: the interviewer speaks first
    // the timestamp is one of the spoken turns' (the transcriber's timings, not the model's)
    expect(audio.turns.some((t) => start * 1000 >= t.startMs - 10 && start * 1000 <= t.endMs), `${start} in ${JSON.stringify(audio.turns.map((t) => [t.startMs, t.endMs]))}`).toBe(true);
    await play.click();
    expect(await page.locator('#player').isVisible()).toBe(true);
    await page.waitForFunction((s) => {
      const a = document.getElementById('player-audio') as HTMLAudioElement;
      return a.readyState >= 1 && Math.abs(a.currentTime - s) < 0.75;
    }, start, { timeout: 15_000 });
    const state = await page.evaluate(() => {
      const a = document.getElementById('player-audio') as HTMLAudioElement;
      return { src: a.currentSrc, duration: a.duration, error: a.error?.code ?? null };
    });
    // the recording is played through its own signed link (range requests, no header)
    expect(state.src).toMatch(new RegExp(`^${h.baseUrl}/v1/interviews/${ids.recorded}/media\\?exp=\\d+&sig=[\\w-]{43}$`));
    expect(state.error).toBeNull();
    expect(state.duration * 1000).toBeGreaterThan(audio.durationMs - 500);
    await page.screenshot({ path: `${ARTIFACTS}report-playing.png` });

    const violations = await axe(page);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    expect(errors).toEqual([]);

    // laptop and phone: nothing wider than the screen
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}report-phone.png` });
    await page.close();
  });

  it('an interview page shows the transcript with its evidence highlighted and the run timeline', async () => {
    const page = await browser.context.newPage();
    const res = await page.goto(`${h.baseUrl}${links.transcript}`);
    expect(res!.status()).toBe(200);
    expect(await page.locator('#transcript mark').count()).toBeGreaterThan(3);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Media composer <b>${HOSTILE}</b>`);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // one bar per step of the run, and the same figures in the table
    expect(await page.locator('#timeline svg rect').count()).toBe(6);
    const rows = await page.locator('#timeline tbody tr').allTextContents();
    expect(await page.locator('#timeline tbody tr td:first-child').allTextContents()).toEqual(['transcribe', 'evidence', 'insights', 'personas', 'answers', 'finalize']);
    expect(rows.every((r) => /completed/.test(r))).toBe(true);
    const violations = await axe(page);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}report-interview.png`, fullPage: true });
    await page.close();
  });

  it('serves the recording with range requests and refuses what is not there', async () => {
    const part = await fetch(`${h.baseUrl}/v1/interviews/${ids.recorded}/media`, { headers: { range: 'bytes=100-199', ...bearer } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toMatch(/^bytes 100-199\/\d+$/);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    const none = await http(h.baseUrl, 'GET', `/v1/interviews/${ids.transcript}/media`, undefined, bearer);
    expect(none).toMatchObject({ status: 404, body: { error: { code: 'no_media' } } });
    const missing = await http(h.baseUrl, 'GET', '/v1/projects/00000000-0000-4000-8000-0000000000ff/report', undefined, bearer);
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const bad = await http(h.baseUrl, 'GET', '/v1/interviews/not-a-uuid/report', undefined, bearer);
    expect(bad.status).toBe(400);
    const md = await fetch(`${h.baseUrl}/v1/projects/${PROJECT}/report?format=md`, { headers: bearer });
    const text = await md.text();
    expect(text).toContain(`### Q1. ${QUESTIONS[0]}`);
    expect(text).toContain('\\<img src=x'); // escaped for Markdown too
    expect(text).not.toMatch(/[^\\]<img/);
  });

  it('signed links open only their own resource, only for reading, only until they expire', async () => {
    const { origin } = new URL(h.baseUrl);
    const signed = new URL(links.project!, origin);
    const sig = signed.searchParams.get('sig')!;
    const exp = signed.searchParams.get('exp')!;
    // the recording through a signed link, with a range and no header
    const sign = await createLinkSigner({ config: loadLinkConfig(h.config), redis: h.rt.connection, redisKey: `${h.config.queuePrefix}:link-signing-key` }).forAccount(ACCOUNT);
    const media = await fetch(`${h.baseUrl}${sign(`/v1/interviews/${ids.recorded}/media`)}`, { headers: { range: 'bytes=0-99' } });
    expect(media.status).toBe(206);
    expect((await media.arrayBuffer()).byteLength).toBe(100);

    const refused = async (path: string, init: RequestInit, status: number, code: string) => {
      const r = await fetch(`${h.baseUrl}${path}`, init);
      expect(r.status, path).toBe(status);
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
      expect((await r.json() as { error: { code: string } }).error.code, path).toBe(code);
    };
    // tampered: another signature, a later expiry, another resource with this signature
    await refused(`/v1/projects/${PROJECT}/report?exp=${exp}&sig=${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`, {}, 403, 'invalid_signature');
    await refused(`/v1/projects/${PROJECT}/report?exp=${Number(exp) + 3600}&sig=${sig}`, {}, 403, 'invalid_signature');
    await refused(`/v1/interviews/${ids.recorded}/media?exp=${exp}&sig=${sig}`, {}, 403, 'invalid_signature');
    // not a GET, and not a report or a recording
    await refused(`/v1/projects/${PROJECT}/report?exp=${exp}&sig=${sig}`, { method: 'POST' }, 403, 'invalid_signature');
    await refused(`/v1/projects/${PROJECT}/synthesis?exp=${exp}&sig=${sig}`, {}, 403, 'invalid_signature');
    await refused(`/v1/projects/${PROJECT}/interviews?exp=${exp}&sig=${sig}`, {}, 403, 'invalid_signature');
    // expired (signed two hours ago with the server's key)
    const old = await createLinkSigner({
      config: loadLinkConfig(h.config), redis: h.rt.connection, redisKey: `${h.config.queuePrefix}:link-signing-key`, now: () => Date.now() - 2 * 3600_000,
    }).forAccount(ACCOUNT);
    await refused(old(`/v1/projects/${PROJECT}/report`), {}, 401, 'link_expired');
    // the Bearer header still works, with no link
    expect((await fetch(`${h.baseUrl}/v1/projects/${PROJECT}/report`, { headers: bearer })).status).toBe(200);
  });
});
