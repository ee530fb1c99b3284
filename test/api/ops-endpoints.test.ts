import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, http, type Harness } from '../support/harness.js';
import { QUEUE_NAMES } from '../../src/queues/names.js';
import { MAINTENANCE_QUEUE } from '../../src/queues/maintenance.js';

describe('operator endpoints', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness({ workers: false }); });
  afterAll(async () => { await h?.close(); });

  it('serves Bull Board at /admin/queues with every queue registered', async () => {
    const page = await fetch(`${h.baseUrl}/admin/queues`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<base href="/admin/queues/"');
    const api = await http(h.baseUrl, 'GET', '/admin/queues/api/queues');
    expect(api.status).toBe(200);
    // every queue, the reconciler's maintenance queue too, each with a description
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([...QUEUE_NAMES, MAINTENANCE_QUEUE].sort());
    for (const q of api.body.queues as { name: string; description?: string }[]) expect(q.description ?? '', q.name).toMatch(/\w{3,}.*\w{3,}/);
  });

  it('answers health, readiness and metrics', async () => {
    expect((await http(h.baseUrl, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await http(h.baseUrl, 'GET', '/readyz')).body).toEqual({ status: 'ready', database: 'ok', redis: 'ok' });
    const metrics = await fetch(`${h.baseUrl}/metrics`);
    const text = await metrics.text();
    for (const q of QUEUE_NAMES) {
      expect(text).toContain(`iflow_queue_jobs{queue="${q}",state="failed"}`);
      expect(text).toContain(`iflow_queue_oldest_waiting_seconds{queue="${q}"}`);
    }
    expect(text).toContain('# TYPE iflow_step_duration_seconds histogram');
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await http(h.baseUrl, 'GET', '/v2/nothing');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found' });
  });
});
