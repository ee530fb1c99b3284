-- Orchestration speed (issue 12): a step's start no longer waits for the WAL flush.
--
-- Measured on the bench (scratch sampling of pg_stat_activity during 300 instant-analyzer
-- interviews at once): the backends' main wait was the commit's WAL flush (LWLock:WALWrite,
-- IO:WALSync), then row locks on the job row (Lock:transactionid), then CPU. A one-row insert
-- took 10-19 ms with synchronous_commit on and 0.03 ms with it off on this machine: every
-- call is its own transaction, and the job row's lock is held until that transaction's commit
-- record is flushed, so the three parallel steps of an interview (insights, personas, answers)
-- queued for each other's flush.
--
-- start_step records an attempt (analysis_steps 'running', the job's status line); it produces
-- no effect that must survive a crash of the database server: a start lost that way reads as
-- if it never happened, which commit_<step> already handles (iflow_complete_step inserts the
-- step row when the start is missing), and every later synchronous commit (the step's own
-- commit_<step>, another interview's) flushes the WAL past it. So it commits with
-- synchronous_commit off for its own transaction (set_config(..., true) lasts until the
-- transaction ends; a SET clause on the function would be undone before the commit). Fencing is
-- unchanged (the same row lock and checks, before anything is written), and commits, which
-- carry the step's effects, still wait for the flush. Otherwise as in 20261201500003.

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
  return jsonb_build_object('completed', false, 'analysisJob', load_job_context(p_job),
    'inputs', v_inputs);
end $$;
