-- Orchestration speed (issue 12): a step's start no longer waits for a parallel sibling's commit.
-- start_step fenced with iflow_fence (`for update` on the job row), which conflicts with the
-- `for key share` a parallel step's commit holds until its WAL flush (20261202800004), so a
-- sibling starting while another committed waited for that flush. The start now fences with
-- `for key share` as well (iflow_fence_shared: same checks as iflow_fence). begin_run and
-- cancel_run lock the row `for update`, which still conflicts with it: a new run or a cancel
-- waits for a start in flight, and a start of a superseded or cancelled run is refused, as
-- before. The start's own update of the job row takes the row's update lock as before, so two
-- starts still apply their updates one after the other (without a flush wait: 20261202100001).
-- Also: the interviews row is updated only when its status is not 'processing' already (the
-- run's first start), not at every step's start. Otherwise the body is 20261202800001's.

create or replace function iflow_fence_shared(p_job uuid, p_run integer)
returns analysis_jobs language plpgsql as $$
declare v analysis_jobs;
begin
  select * into v from analysis_jobs where id = p_job for key share;
  if not found then
    raise exception 'analysis job % not found', p_job using errcode = 'IFNFD';
  end if;
  if v.current_run <> p_run then
    raise exception 'run % of analysis job % was superseded by run %', p_run, p_job, v.current_run
      using errcode = 'IFSTL';
  end if;
  if v.status = 'cancelled' then
    raise exception 'analysis job % was cancelled', p_job using errcode = 'IFSTL';
  end if;
  return v;
end $$;

create or replace function start_step(p_job uuid, p_run integer, p_step text, p_reads text[] default '{}')
returns jsonb language plpgsql as $$
declare
  v analysis_jobs;
  s analysis_steps;
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
  select * into s from analysis_steps where analysis_job_id = p_job and run_no = p_run and step = p_step;
  if found and s.status = 'completed' then
    return jsonb_build_object('completed', true, 'result', s.result);
  end if;
  insert into analysis_steps (analysis_job_id, run_no, step, status, attempts, started_at, error)
  values (p_job, p_run, p_step, 'running', 1, now(), null)
  on conflict (analysis_job_id, run_no, step) do update
    set status = 'running', attempts = analysis_steps.attempts + 1, error = null,
        started_at = coalesce(analysis_steps.started_at, now()), finished_at = null;
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
  return jsonb_build_object('completed', false, 'analysisJob',
    case when p_step = 'transcribe' then load_job_context(p_job)
         else load_job_context(p_job) - 'rawTranscript' end,
    'inputs', v_inputs);
end $$;

revoke execute on function iflow_fence_shared(uuid, integer) from public;
grant execute on function iflow_fence_shared(uuid, integer) to service_role;
