import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createHarness, http, type Harness } from '../support/harness.js';
import { loadCreativeTurns, synthesizeInterview, type SynthesizedInterview } from '../transcribers/support/synthesize-interview.js';

async function upload(base: string, file: Buffer, filename: string, fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file)]), filename);
  const res = await fetch(`${base}/v1/interviews`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as any };
}

/** pocketsphinx decodes on the CPU: 15-30 s a recording on an idle 2-core machine, over 60 s under load. */
const POCKETSPHINX_MS = 180_000;

describe('audio and video through the whole pipeline, offline (pocketsphinx)', () => {
  let h: Harness;
  let audio: SynthesizedInterview;
  let mediaServer: Server;
  let mediaBase: string;
  beforeAll(async () => {
    audio = await synthesizeInterview(await loadCreativeTurns());
    h = await createHarness({ env: { MAX_UPLOAD_BYTES: String(2 * 1024 * 1024) }, overrides: { transcriberOptions: { allowLoopback: true } } });
    // a real media server on loopback, reachable only because of the explicit test setting
    mediaServer = createServer((req, res) => {
      res.setHeader('content-type', 'application/octet-stream');
      createReadStream(audio.mp3).pipe(res);
    });
    await new Promise<void>((r) => mediaServer.listen(0, '127.0.0.1', () => r()));
    mediaBase = `http://127.0.0.1:${(mediaServer.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    mediaServer?.close();
    await h?.close();
  });

  async function expectTimedEvidence(analysisJobId: string) {
    const job = await h.waitForJob(analysisJobId, (j) => j.status === 'completed' || j.status === 'failed', 120_000);
    expect(job.error).toBeNull();
    expect(job.status).toBe('completed');
    const transcribe = job.steps.find((s) => s.step === 'transcribe')!;
    expect(transcribe.model).toBe('pocketsphinx/en-us');
    const report = (await http(h.baseUrl, 'GET', `/v1/interviews/${job.interviewId}`)).body;
    expect(Math.abs(report.durationMs - audio.durationMs)).toBeLessThan(500);
    expect(report.evidence.length).toBeGreaterThan(0);
    let previous = -1;
    for (const e of report.evidence) {
      expect(e.startMs).toBeGreaterThanOrEqual(0);
      expect(e.endMs).toBeLessThanOrEqual(audio.durationMs + 300);
      expect(e.endMs).toBeGreaterThan(e.startMs);
      expect(e.startMs).toBeGreaterThanOrEqual(previous);
      previous = e.startMs;
    }
    // evidence comes from the participant's voice: inside a participant turn of the recording
    const participantTurns = audio.turns.filter((t) => t.speaker === 'participant');
    for (const e of report.evidence) {
      expect(participantTurns.some((t) => e.startMs >= t.startMs - 400 && e.endMs <= t.endMs + 400), JSON.stringify({ e: [e.startMs, e.endMs, e.speaker, e.verbatim], turns: audio.turns.map((t) => [t.speaker, t.startMs, t.endMs]) })).toBe(true);
    }
    return report;
  }

  it('an uploaded WAV (multipart) becomes timed evidence inside the audio', async () => {
    const res = await upload(h.baseUrl, await readFile(audio.wav), 'interview.wav', {
      title: 'synthesised', questions: JSON.stringify(['How do they use AI in music?']),
    });
    expect(res.status).toBe(202);
    await expectTimedEvidence(res.body.analysisJobId);
  }, POCKETSPHINX_MS);

  it('an MP4 video (multipart) goes through the same way', async () => {
    const res = await upload(h.baseUrl, await readFile(audio.mp4), 'interview.mp4', { interviewers: 'Speaker 1' });
    expect(res.status).toBe(202);
    await expectTimedEvidence(res.body.analysisJobId);
  }, POCKETSPHINX_MS);

  it('a mediaUrl on the (explicitly allowed) loopback server is fetched and processed', async () => {
    const res = await http(h.baseUrl, 'POST', '/v1/interviews', { mediaUrl: `${mediaBase}/interview.mp3` });
    expect(res.status).toBe(202);
    await expectTimedEvidence(res.body.analysisJobId);
  }, POCKETSPHINX_MS);

  it('refuses what is not media, too large, or an unsafe URL, writing nothing', async () => {
    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    const count = async () => (await db.query('select count(*)::int n from interviews')).rows[0].n;
    const before = await count();
    try {
      const pdf = await upload(h.baseUrl, Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), 'talk.mp3', {});
      expect(pdf.status).toBe(400);
      expect(pdf.body.error.message).toMatch(/not audio or video|pdf/i);
      const big = await upload(h.baseUrl, Buffer.alloc(3 * 1024 * 1024, 1), 'big.wav', {});
      expect(big.status).toBe(413);
      for (const url of ['http://10.0.0.5/a.mp3', 'http://169.254.169.254/latest/meta-data', 'file:///etc/passwd', 'gopher://example.com/']) {
        const refused = await http(h.baseUrl, 'POST', '/v1/interviews', { mediaUrl: url });
        expect(refused.status, url).toBe(400);
        expect(refused.body.error.message).toMatch(/mediaUrl refused/);
      }
      expect(await count()).toBe(before);
    } finally {
      await db.end();
    }
  });

  it('an uploaded transcript file is treated as a transcript', async () => {
    const vtt = 'WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n<v Interviewer>What do you make?\n\n00:00:03.500 --> 00:00:09.000\n<v Dana>I make short films, and editing takes most of my week.\n';
    const res = await upload(h.baseUrl, Buffer.from(vtt), 'call.vtt', {});
    expect(res.status).toBe(202);
    const job = await h.waitForJob(res.body.analysisJobId, (j) => j.status === 'completed' || j.status === 'failed');
    expect(job.status).toBe('completed');
    const report = (await http(h.baseUrl, 'GET', `/v1/interviews/${job.interviewId}`)).body;
    expect(report.evidence[0].startMs).toBeGreaterThanOrEqual(3500);
    expect(report.evidence[0].endMs).toBeLessThanOrEqual(9000);
  });
});
