import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createHarness, http, type Harness } from '../support/harness.js';
import { creatives } from '../support/creatives.js';
import { ThreadedLocalAnalyzer } from '../../src/analyzers/local/index.js';

const QUESTIONS = ['How do creative professionals use AI tools in their work?', 'What concerns do they have about AI and their craft?'];

/** What an interview's analysis stored, without ids or times (two databases are compared). */
async function analysisOf(h: Harness, interviewId: string) {
  const db = new pg.Client({ connectionString: h.databaseUrl });
  await db.connect();
  try {
    const q = async (sql: string) => (await db.query(sql, [interviewId])).rows;
    return {
      evidence: await q('select verbatim, gist, start_ms, end_ms, facets from evidence where interview_id = $1 order by start_ms, verbatim'),
      themes: await q('select t.name, t.statement, count(te.*)::int as units from themes t join theme_evidence te on te.theme_id = t.id join evidence e on e.id = te.evidence_id where e.interview_id = $1 group by t.id order by t.name'),
      personas: await q('select p.name from personas p join persona_assignments pa on pa.persona_id = p.id join people pe on pe.id = pa.person_id join interview_people ip on ip.person_id = pe.id where ip.interview_id = $1 order by p.name'),
      answers: await q('select q.question, a.status, a.answer_text, a.confidence from project_answers a join project_questions q on q.id = a.question_id where a.interview_id = $1 order by q.question'),
    };
  } finally {
    await db.end();
  }
}

/** LOCAL_ANALYZER_THREADS: the pipeline with the analyzer on worker threads stores exactly what it stores without. */
describe('pipeline with LOCAL_ANALYZER_THREADS=1', () => {
  let threaded: Harness;
  let inProcess: Harness;
  beforeAll(async () => {
    threaded = await createHarness({ env: { LOCAL_ANALYZER_THREADS: '1' } });
    inProcess = await createHarness();
  });
  afterAll(async () => { await Promise.all([threaded?.close(), inProcess?.close()]); });

  it('runs the analyzer off the main thread and stores the same analysis as in-process', async () => {
    // the runtime's analyzer is the threaded one (wrapped for tracing: its prototype)
    expect(Object.getPrototypeOf(threaded.rt.analyzer)).toBeInstanceOf(ThreadedLocalAnalyzer);
    const interview = creatives()[1]!;
    const results = await Promise.all([threaded, inProcess].map(async (h) => {
      const created = await http(h.baseUrl, 'POST', '/v1/interviews', { transcript: interview.text, title: interview.id, questions: QUESTIONS, interviewers: ['AI', 'Assistant'] });
      expect(created.status).toBe(202);
      const job = await h.waitForJob(created.body.analysisJobId, (j) => j.status === 'completed' || j.status === 'failed', 90_000);
      expect(job.status).toBe('completed');
      return analysisOf(h, created.body.interviewId);
    }));
    expect(results[0]!.evidence.length).toBeGreaterThan(5);
    expect(results[0]!.themes.length).toBeGreaterThan(0);
    expect(results[0]!.personas.length).toBeGreaterThan(0);
    expect(results[0]!.answers).toHaveLength(QUESTIONS.length);
    expect(results[0]).toEqual(results[1]);
  }, 180_000);
});
