-- Orchestration speed (issue 12): start_step also returns the job context the step needs
-- (load_job_context's object, under `analysisJob`), read in the same transaction right after
-- the fence, so starting a step is one round trip instead of two. Same fencing and ledger
-- writes as before; load_job_context stays for callers outside a step.
create or replace function start_step(p_job uuid, p_run integer, p_step text)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs;
  s analysis_steps;
begin
  v := iflow_fence(p_job, p_run);
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
    update interviews set status = 'processing', updated_at = now() where id = v.interview_id;
  end if;
  return jsonb_build_object('completed', false, 'analysisJob', load_job_context(p_job));
end $$;
