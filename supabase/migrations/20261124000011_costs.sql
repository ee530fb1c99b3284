-- Cost precision and spend in the job context.
-- numeric(12,6) rounded every cheap call to 1e-6 USD and the drift added up; keep 9 decimals.
alter table analysis_steps alter column cost_usd type numeric(14, 9);

-- The step context now carries what the interview's analysis has cost so far (every step and
-- run), so an analyzer's budget holds across worker processes and resumes.
create or replace function load_job_context(p_job uuid) returns jsonb
language plpgsql stable as $$
declare r jsonb;
begin
  select jsonb_build_object('analysisJobId', j.id, 'interviewId', i.id, 'accountId', i.account_id,
    'projectId', i.project_id, 'currentRun', j.current_run, 'status', j.status,
    'title', i.title, 'source', i.source, 'rawTranscript', i.raw_transcript,
    'interviewers', to_jsonb(i.interviewers),
    'customInstructions', coalesce(i.custom_instructions, p.custom_instructions),
    'spentUsd', (select coalesce(sum(s.cost_usd), 0)::float8 from analysis_steps s
                 where s.analysis_job_id = j.id))
  into r
  from analysis_jobs j join interviews i on i.id = j.interview_id join projects p on p.id = i.project_id
  where j.id = p_job;
  if r is null then
    raise exception 'analysis job % not found', p_job using errcode = 'IFNFD';
  end if;
  return r;
end $$;
