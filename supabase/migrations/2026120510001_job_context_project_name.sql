-- Orchestration speed (issue 12): a step's job context names its project (projectName), so the
-- finalize worker schedules the project's synthesis and sends its webhooks from what finalize's
-- start_step returned, instead of a get_job_project call of its own: one SQL round trip less per
-- interview (get_job_project stays, for a finalize that finds its commit already made).
-- Otherwise as in 20261204100002_step_start_fewer_reads.sql.

create or replace function iflow_job_context(p_job uuid, p_with_transcript boolean) returns jsonb
language plpgsql stable as $$
declare r jsonb;
begin
  select jsonb_build_object('analysisJobId', j.id, 'interviewId', i.id, 'accountId', i.account_id,
    'projectId', i.project_id, 'projectName', p.name, 'currentRun', j.current_run, 'status', j.status,
    'title', i.title, 'source', i.source,
    'rawTranscript', case when p_with_transcript then i.raw_transcript end,
    'interviewers', to_jsonb(i.interviewers),
    'customInstructions', coalesce(i.custom_instructions, p.custom_instructions),
    'codebook', p.codebook,
    -- spend so far (every step and run), so a per-interview budget holds across processes
    'spentUsd', (select coalesce(sum(s.cost_usd), 0)::float8 from analysis_steps s
                 where s.analysis_job_id = j.id))
  into r
  from analysis_jobs j join interviews i on i.id = j.interview_id join projects p on p.id = i.project_id
  where j.id = p_job;
  if r is null then
    raise exception 'analysis job % not found', p_job using errcode = 'IFNFD';
  end if;
  if not p_with_transcript then
    r := r - 'rawTranscript';
  end if;
  return r;
end $$;
