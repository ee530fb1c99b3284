import { describe, expect, it } from 'vitest';
import { useStoreDatabase } from '../support/store-db.js';
import { evidenceOutput, newInterview, transcribeOutput } from './fixtures.js';
import type { StepCommits } from '../../src/ports/store.js';

/**
 * Step inputs read from interview_inputs (migration 2026120520001) are the jsonb the rows give:
 * built once when the rows are written, rebuilt whoever writes them, the rows' readers otherwise.
 * A commit builds its value once, however many statements it writes the rows with (2026120610003).
 */
describe('the built step inputs (interview_inputs)', () => {
  const t = useStoreDatabase();

  const fromRows = async (interviewId: string) =>
    (await t.raw.query('select load_utterances($1) as u, load_evidence($1) as e', [interviewId])).rows[0];
  const fromCache = async (interviewId: string) =>
    (await t.raw.query('select utterances as u, evidence as e from interview_inputs where interview_id = $1', [interviewId])).rows[0];

  it('equal the rows after the commits, after writes outside them, and go with the interview', async () => {
    const ids = await t.store.createInterview(newInterview());
    const { runNo } = await t.store.beginRun(ids.analysisJobId, { reset: [], supersede: false });
    await t.store.startStep(ids.analysisJobId, runNo, 'transcribe');
    const tr = transcribeOutput();
    await t.store.commitStep(ids.analysisJobId, runNo, 'transcribe', tr);
    expect((await fromCache(ids.interviewId)).u).toEqual((await fromRows(ids.interviewId)).u);
    await t.store.startStep(ids.analysisJobId, runNo, 'evidence', ['utterances']);
    await t.store.commitStep(ids.analysisJobId, runNo, 'evidence', evidenceOutput(tr));
    const rows = await fromRows(ids.interviewId);
    expect(rows.e.length).toBeGreaterThan(0);
    expect(await fromCache(ids.interviewId)).toEqual(rows);

    const start = await t.store.startStep(ids.analysisJobId, runNo, 'insights', ['evidence', 'utterances']);
    if (start.completed) throw new Error('insights already complete');
    expect(start.inputs.evidence.map((e) => e.id)).toEqual(rows.e.map((e: { id: string }) => e.id));
    expect(start.inputs.utterances.length).toBe(tr.utterances.length);

    // writes outside the commit functions: update, delete, insert
    await t.raw.query(`update evidence set gist = 'changed' where interview_id = $1`, [ids.interviewId]);
    await t.raw.query(`delete from utterances where interview_id = $1 and idx = 0`, [ids.interviewId]);
    let after = await fromRows(ids.interviewId);
    expect(after.e.every((e: { gist: string }) => e.gist === 'changed')).toBe(true);
    expect(await fromCache(ids.interviewId)).toEqual(after);
    await t.raw.query(`insert into utterances (interview_id, idx, account_id, project_id, speaker, role, start_ms, end_ms, text, timing)
      select interview_id, 99, account_id, project_id, speaker, role, 0, 1, 'added', timing from utterances where interview_id = $1 limit 1`, [ids.interviewId]);
    after = await fromRows(ids.interviewId);
    expect(await fromCache(ids.interviewId)).toEqual(after);
    const again = await t.store.startStep(ids.analysisJobId, runNo, 'personas', ['utterances']);
    if (again.completed) throw new Error('personas already complete');
    expect(again.inputs.utterances.map((u) => u.text)).toContain('added');

    // no cached value (a truncate, or an interview analysed before the cache): built from the rows
    await t.raw.query('update interview_inputs set utterances = null, evidence = null where interview_id = $1', [ids.interviewId]);
    const built = await t.store.startStep(ids.analysisJobId, runNo, 'answers', ['evidence', 'utterances']);
    if (built.completed) throw new Error('answers already complete');
    expect(built.inputs.evidence.map((e) => e.gist)).toEqual(after.e.map((e: { gist: string }) => e.gist));
    expect(built.inputs.utterances.length).toBe(after.u.length);

    await t.raw.query('delete from interviews where id = $1', [ids.interviewId]);
    expect(await fromCache(ids.interviewId)).toBeUndefined();
  });
  it('are what a step start returns, and a re-commit builds them once', async () => {
    const ids = await t.store.createInterview(newInterview());
    const run1 = (await t.store.beginRun(ids.analysisJobId, { reset: [], supersede: false })).runNo;
    await t.store.startStep(ids.analysisJobId, run1, 'transcribe');
    const tr = transcribeOutput();
    await t.store.commitStep(ids.analysisJobId, run1, 'transcribe', tr);
    await t.store.startStep(ids.analysisJobId, run1, 'evidence', ['utterances']);
    const ev = evidenceOutput(tr);
    await t.store.commitStep(ids.analysisJobId, run1, 'evidence', ev);

    // the start returns the cached value, not one built from the rows
    await t.raw.query(`update interview_inputs set utterances = jsonb_set(utterances, '{0,text}', '"from the cache"') where interview_id = $1`, [ids.interviewId]);
    const start = await t.store.startStep(ids.analysisJobId, run1, 'insights', ['evidence', 'utterances']);
    if (start.completed) throw new Error('insights already complete');
    expect(start.inputs.utterances[0]!.text).toBe('from the cache');

    // every write of the cache row from here on
    await t.raw.query(`create table if not exists cache_writes (interview_id uuid, op text);
      create or replace function count_cache_write() returns trigger language plpgsql as $f$
      begin insert into cache_writes values (new.interview_id, tg_op); return null; end $f$;
      drop trigger if exists count_cache_write on interview_inputs;
      create trigger count_cache_write after insert or update on interview_inputs for each row execute function count_cache_write();`);
    const writes = async () => (await t.raw.query('select count(*)::int n from cache_writes where interview_id = $1', [ids.interviewId])).rows[0].n as number;

    // a second run re-commits both: one utterance fewer (upsert, then delete), one quote
    // replaced by another (upsert with an insert and updates, then delete)
    const run2 = (await t.store.beginRun(ids.analysisJobId, { reset: ['transcribe', 'evidence'], supersede: true })).runNo;
    await t.store.startStep(ids.analysisJobId, run2, 'transcribe');
    const shorter = { ...tr, utterances: tr.utterances.slice(0, -1) };
    await t.store.commitStep(ids.analysisJobId, run2, 'transcribe', shorter);
    expect(await writes()).toBe(1);
    await t.store.startStep(ids.analysisJobId, run2, 'evidence', ['utterances']);
    const [first, second, third] = ev.evidence;
    const replaced: StepCommits['evidence'] = { ...ev, evidence: [second!, { ...third!, key: `${third!.key}-b`, gist: 'A new gist' }, { ...first!, gist: 'An updated gist' }] };
    await t.store.commitStep(ids.analysisJobId, run2, 'evidence', replaced);
    expect(await writes()).toBe(2);
    const rows = await fromRows(ids.interviewId);
    expect(rows.u.length).toBe(shorter.utterances.length);
    expect(rows.e.map((e: { gist: string }) => e.gist).sort()).toEqual(['A new gist', 'An updated gist', second!.gist].sort());
    expect(await fromCache(ids.interviewId)).toEqual(rows);
    await t.raw.query('drop trigger count_cache_write on interview_inputs');
  });
  it('are rebuilt for a write later in the transaction of a commit that built them itself', async () => {
    // the commits switch the triggers off with a transaction-local setting: it must be back on
    // for whatever the same transaction writes after them
    const ids = await t.store.createInterview(newInterview());
    const runNo = (await t.store.beginRun(ids.analysisJobId, { reset: [], supersede: false })).runNo;
    await t.store.startStep(ids.analysisJobId, runNo, 'transcribe');
    const tr = transcribeOutput();
    await t.store.commitStep(ids.analysisJobId, runNo, 'transcribe', tr);
    await t.store.startStep(ids.analysisJobId, runNo, 'evidence', ['utterances']);
    const client = await t.raw.connect();
    try {
      await client.query('begin');
      await client.query('select commit_evidence($1, $2, $3)', [ids.analysisJobId, runNo, JSON.stringify(evidenceOutput(tr))]);
      await client.query(`update evidence set gist = 'after the commit' where interview_id = $1`, [ids.interviewId]);
      await client.query(`update utterances set text = 'after the commit' where interview_id = $1 and idx = 0`, [ids.interviewId]);
      await client.query('commit');
    } finally {
      client.release();
    }
    const rows = await fromRows(ids.interviewId);
    expect(rows.e.every((e: { gist: string }) => e.gist === 'after the commit')).toBe(true);
    expect(await fromCache(ids.interviewId)).toEqual(rows);
  });
});
