import pg from 'pg';
import type { AnswerProposal, FacetKind, PersonaProposal } from '../../src/domain/analysis.js';
import type { Utterance } from '../../src/domain/transcript.js';
import type { Interview } from './dataset.js';
import type { InterviewOutput, ProjectOutput, ProjectTheme } from './project.js';

/**
 * Reads one project's results as the real pipeline stored them (tables of
 * supabase/migrations) into the shape computeMetrics() takes, so `eval:local --db` measures
 * the pipeline itself. Interviews are named by their title's part after `#` (the CLI titles CSV
 * rows `file.csv#transcript_id`). Per-interview time is the analysis steps' wall time.
 */
export async function loadProjectFromDatabase(databaseUrl: string, projectId: string): Promise<{ interviews: Interview[]; out: ProjectOutput }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const q = async <T>(sql: string): Promise<T[]> => (await client.query(sql, [projectId])).rows as T[];
    const ivRows = await q<{ id: string; title: string | null }>(
      `select id, title from interviews where project_id = $1 and status = 'ready' order by created_at, id`);
    const name = new Map(ivRows.map((r) => [r.id, (r.title ?? r.id).split('#').pop()!]));
    const utts = await q<{ interview_id: string; idx: number; speaker: string; role: 'interviewer' | 'participant'; start_ms: number; end_ms: number; text: string; timing: 'provided' | 'estimated' }>(
      `select interview_id, idx, speaker, role, start_ms, end_ms, text, timing from utterances where project_id = $1 order by interview_id, idx`);
    const evRows = await q<{ id: string; interview_id: string; evidence_key: string; person_id: string | null; utterance_idx: number; speaker: string; verbatim: string; gist: string; start_ms: number; end_ms: number; anchor: 'exact' | 'interpolated' | 'utterance'; confidence: number; facets: { kind: FacetKind; value: string }[] }>(
      `select id, interview_id, evidence_key, person_id, utterance_idx, speaker, verbatim, gist, start_ms, end_ms, anchor, confidence, facets
       from evidence where project_id = $1 order by interview_id, start_ms, evidence_key`);
    const themeRows = await q<{ id: string; name: string; statement: string; inclusion_criteria: string }>(
      `select id, name, statement, inclusion_criteria from themes where project_id = $1 order by name`);
    const links = await q<{ theme_id: string; evidence_id: string; interview_id: string; confidence: number }>(
      `select theme_id, evidence_id, interview_id, confidence from theme_evidence where project_id = $1 order by theme_id, evidence_id`);
    const questions = await q<{ id: string; question: string }>(
      `select id, question from project_questions where project_id = $1 order by position, created_at`);
    const answers = await q<{ interview_id: string; question_id: string; status: AnswerProposal['status']; answer_text: string | null; confidence: number | null; evidence_ids: string[] | null }>(
      `select a.interview_id, a.question_id, a.status, a.answer_text, a.confidence,
              array_remove(array_agg(pae.evidence_id order by pae.evidence_id), null) as evidence_ids
       from project_answers a left join project_answer_evidence pae on pae.answer_id = a.id
       where a.project_id = $1 group by a.id`);
    const personas = await q<{ interview_id: string; name: string; description: string; person_id: string; confidence: number; evidence_ids: string[] }>(
      `select pa.interview_id, p.name, p.description, pa.person_id, pa.confidence, pa.evidence_ids
       from persona_assignments pa join personas p on p.id = pa.persona_id where pa.project_id = $1 order by p.name, pa.person_id`);
    const steps = await q<{ interview_id: string; ms: number }>(
      `select j.interview_id, coalesce(sum(s.duration_ms), 0)::int as ms from analysis_jobs j
       join analysis_steps s on s.analysis_job_id = j.id and s.run_no = j.current_run
       where j.project_id = $1 and s.step in ('evidence', 'insights', 'personas', 'answers') group by j.interview_id`);

    const interviews: Interview[] = ivRows.map((r) => ({
      id: name.get(r.id)!,
      utterances: utts.filter((u) => u.interview_id === r.id).map((u): Utterance => ({
        id: `u${u.idx}`, index: u.idx, speaker: u.speaker, role: u.role, startMs: u.start_ms, endMs: u.end_ms, text: u.text, timing: u.timing,
      })),
    }));
    const outputs: InterviewOutput[] = ivRows.map((r) => ({
      interviewId: name.get(r.id)!,
      evidence: evRows.filter((e) => e.interview_id === r.id).map((e) => ({
        id: e.id, personId: e.person_id, utteranceId: `u${e.utterance_idx}`, utteranceIdx: e.utterance_idx, key: e.evidence_key,
        speaker: e.speaker, verbatim: e.verbatim, gist: e.gist, startMs: e.start_ms, endMs: e.end_ms, anchor: e.anchor,
        confidence: Number(e.confidence), facets: e.facets,
      })),
      repaired: 0,
      dropped: 0,
      answers: answers.filter((a) => a.interview_id === r.id).map((a) => ({
        questionId: a.question_id, status: a.status, answer: a.answer_text ?? '', confidence: Number(a.confidence ?? 0.5), evidenceIds: a.evidence_ids ?? [],
      })),
      personas: groupPersonas(personas.filter((p) => p.interview_id === r.id)),
      cpuMs: steps.find((s) => s.interview_id === r.id)?.ms ?? 0,
    }));
    const themes: ProjectTheme[] = themeRows.map((t) => ({
      id: t.id, name: t.name, statement: t.statement, inclusionCriteria: t.inclusion_criteria,
      links: links.filter((l) => l.theme_id === t.id && name.has(l.interview_id))
        .map((l) => ({ evidenceId: l.evidence_id, interviewId: name.get(l.interview_id)!, confidence: Number(l.confidence) })),
    }));
    return {
      interviews,
      out: { interviews: outputs, themes, personas: [], questions: questions.map((x) => ({ id: x.id, text: x.question })) },
    };
  } finally {
    await client.end();
  }
}

function groupPersonas(rows: { name: string; description: string; person_id: string; confidence: number; evidence_ids: string[] }[]): PersonaProposal[] {
  const byName = new Map<string, PersonaProposal>();
  for (const r of rows) {
    const p = byName.get(r.name) ?? { name: r.name, description: r.description, goals: [], pains: [], assignments: [] };
    p.assignments.push({ personId: r.person_id, confidence: Number(r.confidence), evidenceIds: r.evidence_ids });
    byName.set(r.name, p);
  }
  return [...byName.values()];
}
