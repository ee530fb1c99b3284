import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RpcStore } from '../../src/store/rpc-store.js';
import { createPgliteStore, DataDirBusyError, PgliteTransport } from '../../src/store/pglite/index.js';
import { storeContract } from './contract.js';

storeContract('pglite', async () => {
  const transport = await PgliteTransport.open({ dataDir: 'memory://' });
  const store = new RpcStore(transport);
  return {
    store,
    sql: async (text, params) => (await transport.db.query<Record<string, unknown>>(text, params)).rows,
    close: () => store.close(),
  };
});

describe('embedded store on disk', () => {
  it('persists under its data directory, migrates once, and refuses a second opener', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'iflow-pglite-'));
    const dataDir = path.join(dir, 'db');
    try {
      const first = await createPgliteStore({ dataDir });
      const ids = await first.createInterview({
        accountId: '11111111-1111-4111-8111-111111111111', projectId: '22222222-2222-4222-8222-222222222222',
        source: { kind: 'transcript' }, rawTranscript: 'A: hi',
      });
      // the same data directory cannot be opened twice (it would be corrupted)
      await expect(createPgliteStore({ dataDir })).rejects.toBeInstanceOf(DataDirBusyError);
      await first.close();
      expect((await stat(path.join(dataDir, 'PG_VERSION'))).isFile()).toBe(true);

      const second = await PgliteTransport.open({ dataDir });
      const { rows } = await second.db.query<{ n: number }>('select count(*)::int as n from schema_migrations');
      expect(rows[0]!.n).toBeGreaterThanOrEqual(4);
      const job = await second.call<{ interviewId: string }>('get_analysis_job', { p_job: ids.analysisJobId });
      expect(job.interviewId).toBe(ids.interviewId);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
