import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { createRedisConnection } from '../../src/queues/connection.js';
import { readiness } from '../../src/ops/readiness.js';
import { silentLogger } from '../../src/ops/logger.js';

/** /readyz of the API and of a worker's ops port (one check): a dependency down reads 'unavailable', at once. */
describe('readiness', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness({ workers: false }); });
  afterAll(async () => { await h?.close(); });

  it('answers not_ready within its deadline when Redis cannot be reached (the client would queue the ping forever)', async () => {
    // nothing listens on port 1: the client keeps reconnecting and queues commands meanwhile
    const down = createRedisConnection('redis://127.0.0.1:1');
    down.on('error', () => {});
    try {
      const t0 = Date.now();
      const r = await readiness({ store: h.rt.store, connection: down, log: silentLogger }, 500);
      expect(r).toEqual({ ok: false, body: { status: 'not_ready', database: 'ok', redis: 'unavailable' } });
      expect(Date.now() - t0).toBeLessThan(5_000);
    } finally {
      down.disconnect();
    }
  });

  it('answers ready when both answer', async () => {
    expect(await readiness({ store: h.rt.store, connection: h.rt.connection, log: silentLogger })).toEqual({ ok: true, body: { status: 'ready', database: 'ok', redis: 'ok' } });
  });
});
