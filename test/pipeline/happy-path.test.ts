import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createHarness, http, type Harness } from '../support/harness.js';
import { creatives } from '../support/creatives.js';
import { STEPS } from '../../src/domain/steps.js';
import { CountingAnalyzer } from '../support/counting-analyzer.js';

const QUESTIONS = [
  'How do creative professionals use AI tools in their work?',
  'What concerns do they have about AI and their craft?',
  'What would make AI tools more useful to them?',
];

describe('happy path: a real creatives interview through all six steps', () => {
  let h: Harness;
  const analyzer = new CountingAnalyzer();
  beforeAll(async () => { h = await createHarness({ overrides: { analyzer } }); });
  afterAll(async () => { await h?.close(); });

  it('writes every table, completes the workflow and reports insights with evidence', async () => {
    const interview = creatives()[0]!;
    const created = await http(h.baseUrl, 'POST', '/v1/interviews', {
      transcript: interview.text, title: interview.id, questions: QUESTIONS, interviewers: ['AI', 'Assistant'],
    });
    expect(created.status).toBe(202);
    const { interviewId, analysisJobId } = created.body;

    const job = await h.waitForJob(analysisJobId, (j) => j.status === 'completed' || j.status === 'failed');
    expect(job.status).toBe('completed');
    expect(job.progress).toBe(100);
    expect(job.completedSteps).toEqual([...STEPS]);
    expect(job.workflowState).toMatchObject({ interviewId, completedSteps: [...STEPS] });
    expect(job.steps.filter((s) => s.status === 'completed').map((s) => s.step).sort()).toEqual([...STEPS].sort());

    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      for (const table of ['interviews', 'utterances', 'analysis_jobs', 'analysis_steps', 'people', 'interview_people',
        'evidence', 'themes', 'theme_evidence', 'personas', 'persona_assignments', 'project_questions',
        'project_answers', 'project_answer_evidence', 'analytics_events']) {
        const { rows } = await db.query(`select count(*)::int as n from ${table}`);
        expect(rows[0].n, table).toBeGreaterThan(0);
      }
      const { rows: [iv] } = await db.query('select status, transcript from interviews where id = $1', [interviewId]);
      expect(iv.status).toBe('ready');
      expect(iv.transcript).toContain('User:');
      // each theme is linked to exactly the evidence the analyzer gave it: no more, no fewer
      const { rows } = await db.query(`select t.name_key, te.evidence_id
        from theme_evidence te join themes t on t.id = te.theme_id`);
      const stored = rows.map((r) => `${r.name_key} | ${r.evidence_id}`).sort();
      const proposed = analyzer.results.generateInsights.flat()
        .flatMap((t) => t.evidence.map((e) => `${t.name.trim().replace(/\s+/g, ' ').toLowerCase()} | ${e.evidenceId}`));
      expect(stored).toEqual([...new Set(proposed)].sort());
      expect(stored.length).toBeGreaterThan(0);
    } finally {
      await db.end();
    }

    const report = await http(h.baseUrl, 'GET', `/v1/interviews/${interviewId}`);
    expect(report.status).toBe(200);
    expect(report.body.status).toBe('ready');
    expect(report.body.insights.length).toBeGreaterThan(0);
    const evidenceIds = new Set(report.body.evidence.map((e: { id: string }) => e.id));
    for (const insight of report.body.insights) {
      expect(insight.evidence.length).toBeGreaterThan(0);
      for (const e of insight.evidence) {
        expect(evidenceIds.has(e.evidenceId)).toBe(true);
        expect(e.endMs).toBeGreaterThanOrEqual(e.startMs);
      }
    }
    // every quote is verbatim from the transcript
    for (const e of report.body.evidence) expect(interview.text.replace(/\s+/g, ' ')).toContain(e.verbatim.replace(/\s+/g, ' '));
    expect(report.body.answers).toHaveLength(QUESTIONS.length);
    expect(report.body.personas.length).toBeGreaterThan(0);
  });
});
