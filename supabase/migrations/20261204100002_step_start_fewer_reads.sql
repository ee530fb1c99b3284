-- Orchestration speed (issue 12): less work in every step start.
--
-- 1. The job context of a step other than transcribe no longer reads the interview's raw
--    transcript. start_step built the context with it (load_job_context) and then dropped it
--    (`- 'rawTranscript'`), so five starts per interview each de-TOASTed and copied kilobytes
--    they threw away. iflow_job_context(job, with_transcript) leaves the column unread when the
--    transcript is not wanted; load_job_context is the same function with it.
-- 2. One statement starts the attempt and tells a completed step apart: the upsert's conflict
--    update skips a completed row (`where status <> 'completed'`) and returns nothing, instead of
--    a read of the step row before the upsert. Against a commit of the same step in flight the
--    upsert waits for it and then sees the completed row, where the read-then-upsert set that
--    completed row back to running.
-- 3. get_job_project (finalize's project, for the synthesis schedule) is PL/pgSQL: as a SQL
--    function with a FROM clause it was planned again at every call.

create or replace function iflow_job_context(p_job uuid, p_with_transcript boolean) returns jsonb
language plpgsql stable as $$
declare r jsonb;
begin
  select jsonb_build_object('analysisJobId', j.id, 'interviewId', i.id, 'accountId', i.account_id,
    'projectId', i.project_id, 'currentRun', j.current_run, 'status', j.status,
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

revoke execute on function iflow_job_context(uuid, boolean) from public;
grant execute on function iflow_job_context(uuid, boolean) to service_role, authenticated;

create or replace function load_job_context(p_job uuid) returns jsonb
language plpgsql stable as $$
begin
  return iflow_job_context(p_job, true);
end $$;

-- 20261202800001's, with the step row's read folded into the upsert and the context read once
create or replace function start_step(p_job uuid, p_run integer, p_step text, p_reads text[] default '{}')
returns jsonb language plpgsql as $$
declare
  v analysis_jobs;
  v_interview uuid;
  v_project uuid;
  v_inputs jsonb;
begin
  perform set_config('synchronous_commit', 'off', true);
  -- the inputs first, without the job row's lock: they are earlier steps' committed outputs,
  -- which this run cannot change meanwhile; a fenced-off call raises below and discards them
  select j.interview_id, j.project_id into v_interview, v_project from analysis_jobs j where j.id = p_job;
  v_inputs := iflow_step_inputs(v_interview, v_project, p_reads);
  -- `for key share`: a new run or a cancel (`for update`) still waits for this start, and a
  -- superseded or cancelled run is still refused; a sibling's commit in flight (`for key share`
  -- too) no longer holds this start through its WAL flush. The row update below still waits
  -- for another start's (they are short: no flush wait)
  v := iflow_fence_shared(p_job, p_run);
  -- a completed step row is left as it is (the conflict update skips it, no row comes back):
  -- its stored result is returned instead
  insert into analysis_steps (analysis_job_id, run_no, step, status, attempts, started_at, error)
  values (p_job, p_run, p_step, 'running', 1, now(), null)
  on conflict (analysis_job_id, run_no, step) do update
    set status = 'running', attempts = analysis_steps.attempts + 1, error = null,
        started_at = coalesce(analysis_steps.started_at, now()), finished_at = null
    where analysis_steps.status <> 'completed';
  if not found then
    return jsonb_build_object('completed', true, 'result', (
      select s.result from analysis_steps s
      where s.analysis_job_id = p_job and s.run_no = p_run and s.step = p_step));
  end if;
  -- a sibling's retry must not hide a step that failed for good: the job stays failed until
  -- that step itself is retried (Bull Board) or the job is resumed
  if exists (select 1 from analysis_steps where analysis_job_id = p_job and run_no = p_run
             and status = 'failed' and step <> p_step) then
    update analysis_jobs set current_step = p_step, updated_at = now() where id = p_job;
  else
    update analysis_jobs set status = 'running', current_step = p_step, error = null,
      status_line = p_step || ': started',
      workflow_state = workflow_state || jsonb_build_object('currentStep', p_step, 'lastUpdated', now()),
      updated_at = now()
    where id = p_job;
    -- the interview row changes only at the run's first start (one row write less per step)
    update interviews set status = 'processing', updated_at = now()
    where id = v.interview_id and status is distinct from 'processing';
  end if;
  -- the transcript text (kilobytes) goes only to the step that reads it
  return jsonb_build_object('completed', false,
    'analysisJob', iflow_job_context(p_job, p_step = 'transcribe'),
    'inputs', v_inputs);
end $$;

create or replace function get_job_project(p_job uuid) returns jsonb
language plpgsql stable as $$
begin
  return (
    select jsonb_build_object('id', p.id, 'accountId', p.account_id, 'name', p.name)
    from analysis_jobs j join projects p on p.id = j.project_id where j.id = p_job
  );
end $$;
