import type pg from 'pg';

/** Project-level rows every interview shares: kept, never copied. */
const SHARED_UUID_COLUMNS = new Set(['account_id', 'project_id', 'theme_id', 'persona_id', 'question_id']);
/** Tables holding per-interview rows, copied with fresh ids. */
const PER_INTERVIEW_TABLES = [
  'interviews', 'utterances', 'analysis_jobs', 'analysis_steps', 'people', 'interview_people', 'evidence',
  'theme_evidence', 'persona_assignments', 'project_answers', 'project_answer_evidence', 'analytics_events',
];

/**
 * Grows a project to `copies` x its current interviews in seconds, by copying every
 * per-interview row of the project in SQL: each uuid that is not project-level gets a fresh
 * deterministic value (md5 of the old id and the copy number), so every reference between the
 * copied rows stays consistent; person keys get the copy number so they stay unique. Columns
 * are read from the catalog, so new columns are copied too. Runs with foreign-key triggers off
 * (session_replication_role = replica) so table order does not matter.
 */
export async function seedProjectCopies(client: pg.Client, projectId: string, copies: number): Promise<void> {
  await client.query('begin');
  await client.query('set local session_replication_role = replica');
  // the template's jobs, fixed before analysis_jobs grows (tables without project_id hang off them)
  await client.query('create temp table iflow_bench_template on commit drop as select id from analysis_jobs where project_id = $1', [projectId]);
  for (const table of PER_INTERVIEW_TABLES) {
    const cols = (await client.query(
      `select column_name, data_type, udt_name, column_default from information_schema.columns
       where table_schema = 'public' and table_name = $1 order by ordinal_position`, [table],
    )).rows as { column_name: string; data_type: string; udt_name: string; column_default: string | null }[];
    if (cols.length === 0) continue; // table renamed or dropped by a later migration
    const copied = cols.filter((c) => !(c.column_default ?? '').startsWith('nextval('));
    const names = copied.map((c) => `"${c.column_name}"`).join(', ');
    const exprs = copied.map((c) => {
      const col = `t."${c.column_name}"`;
      if (c.udt_name === 'uuid' && !SHARED_UUID_COLUMNS.has(c.column_name)) return `iflow_bench_remap(${col}, k)`;
      if (c.udt_name === '_uuid') return `array(select iflow_bench_remap(x, k) from unnest(${col}) x)`;
      if (c.column_name === 'person_key') return `${col} || '#' || k`;
      return col;
    }).join(', ');
    const owned = cols.some((c) => c.column_name === 'project_id')
      ? 't.project_id = $1'
      : 't.analysis_job_id in (select id from iflow_bench_template) and $1::uuid is not null';
    await client.query(
      `insert into ${table} (${names}) select ${exprs} from ${table} t, generate_series(1, $2::int) k where ${owned}`,
      [projectId, copies],
    );
  }
  await client.query('commit');
  await client.query('analyze');
}

/** The id map used by seedProjectCopies (created once per bench database). */
export const REMAP_FUNCTION = `create or replace function iflow_bench_remap(id uuid, k integer) returns uuid
  language sql immutable as $$ select md5(id::text || ':' || k)::uuid $$`;
