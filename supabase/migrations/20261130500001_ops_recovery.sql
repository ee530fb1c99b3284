-- Recovery without a human (issue 11): attempt start times, a lost-run rebuild that still
-- refuses while a step runs, the reconciler's reads and writes, and cancellation.

-- When the current attempt of a step started (started_at keeps the first attempt's start).
-- Kept by a trigger so the step functions need no change: a new attempt is a change of
-- `attempts` (start_step increments it).
alter table analysis_steps add column if not exists attempt_started_at timestamptz;

create or replace function iflow_attempt_started() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' or new.attempts is distinct from old.attempts then
    new.attempt_started_at := now();
  end if;
  return new;
end $$;

drop trigger if exists iflow_attempt_started on analysis_steps;
create trigger iflow_attempt_started before insert or update on analysis_steps
  for each row execute function iflow_attempt_started();

-- begin_run, as in 20261130100001_step_table.sql, with one change: the lost-run path
-- (p_lost_run) skips only the "job is queued/running" check, never the "a step is still
-- running" one, so rebuilding a run lost from Redis cannot start a step that an old worker is
-- still running (it would be paid twice). A step whose worker died is marked lost by the
-- reconciler first (mark_steps_lost).
create or replace function begin_run(p_job uuid, p_reset text[], p_supersede boolean,
                                     p_lost_run integer default null)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs;
  v_kept text[] := '{}';
  v_step text;
  v_running text;
  v_completed jsonb;
  v_steps integer := iflow_step_count();
begin
  select * into v from analysis_jobs where id = p_job for update;
  if not found then
    raise exception 'analysis job % not found', p_job using errcode = 'IFNFD';
  end if;
  select string_agg(step, ', ') into v_running from analysis_steps
  where analysis_job_id = p_job and run_no = v.current_run and status = 'running';
  if v.current_run > 0 and not p_supersede then
    if v.status in ('queued', 'running') and not coalesce(p_lost_run = v.current_run, false) then
      raise exception 'analysis job % already has a live run (run %, %)', p_job, v.current_run, v.status
        using errcode = 'IFRUN';
    end if;
    if v_running is not null then
      raise exception 'analysis job % has steps still running in run % (%); wait for them or supersede',
        p_job, v.current_run, v_running using errcode = 'IFRUN';
    end if;
  end if;

  -- a step counts as complete only if everything it depends on is complete too
  foreach v_step in array iflow_step_order() loop
    if v.workflow_state->'completedSteps' ? v_step and not (v_step = any(coalesce(p_reset, '{}')))
       and iflow_step_deps(v_step) <@ v_kept then
      v_kept := v_kept || v_step;
    end if;
  end loop;
  v_completed := to_jsonb(v_kept);

  if cardinality(v_kept) = v_steps then
    raise exception 'analysis job % is already complete; pass resumeFrom to run steps again', p_job
      using errcode = 'IFDON';
  end if;

  update analysis_jobs set
    current_run = v.current_run + 1,
    run_started_at = now(),
    status = 'queued',
    error = null,
    current_step = null,
    status_line = 'queued',
    progress = (100 * cardinality(v_kept) / v_steps),
    checkpoints = checkpoints - coalesce(p_reset, '{}'),
    workflow_state = workflow_state || jsonb_build_object(
      'completedSteps', v_completed, 'runNo', v.current_run + 1, 'lastUpdated', now()),
    updated_at = now()
  where id = p_job;
  update interviews set status = 'processing', updated_at = now() where id = v.interview_id;

  return jsonb_build_object('runNo', v.current_run + 1, 'completedSteps', v_completed,
                            'interviewId', v.interview_id);
end $$;

-- Runs the database calls live (queued/running, or with a step still running), oldest first,
-- with their current run's steps: what the reconciler compares with Redis.
create or replace function list_live_runs(p_limit integer default 500) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'analysisJobId', j.id, 'runNo', j.current_run, 'status', j.status, 'flowRun', j.flow_run,
    'runStartedAt', j.run_started_at,
    'steps', coalesce((select jsonb_agg(jsonb_build_object('step', s.step, 'status', s.status,
                         'attemptStartedAt', s.attempt_started_at))
                       from analysis_steps s
                       where s.analysis_job_id = j.id and s.run_no = j.current_run), '[]'::jsonb))
    order by j.updated_at), '[]'::jsonb)
  from (select * from analysis_jobs a
        where a.current_run > 0
          and (a.status in ('queued', 'running')
               or exists (select 1 from analysis_steps s where s.analysis_job_id = a.id
                          and s.run_no = a.current_run and s.status = 'running'))
        order by a.updated_at
        limit greatest(1, p_limit)) j
$$;

-- Marks steps of the current run whose worker is gone (no job in Redis, past their deadline)
-- as failed attempts, so the run can be rebuilt. The job's status is left alone: the caller
-- rebuilds the run. Returns the steps it changed.
create or replace function mark_steps_lost(p_job uuid, p_run integer, p_steps text[], p_error text)
returns jsonb language plpgsql as $$
declare v_changed jsonb;
begin
  perform iflow_fence(p_job, p_run);
  with changed as (
    update analysis_steps set status = 'failed', error = p_error, finished_at = now(),
      duration_ms = (extract(epoch from now() - started_at) * 1000)::int
    where analysis_job_id = p_job and run_no = p_run and step = any(p_steps) and status = 'running'
    returning step)
  select coalesce(jsonb_agg(step), '[]'::jsonb) into v_changed from changed;
  return v_changed;
end $$;

-- Cancels the live run: the job becomes `cancelled` (every later write of the run is fenced
-- off by iflow_fence), running steps are recorded as failed with error 'cancelled', and a
-- later resume starts a new run with the unfinished steps. Not live: {cancelled: false}.
create or replace function cancel_run(p_job uuid) returns jsonb
language plpgsql as $$
declare
  v analysis_jobs;
  v_running boolean;
begin
  select * into v from analysis_jobs where id = p_job for update;
  if not found then
    raise exception 'analysis job % not found', p_job using errcode = 'IFNFD';
  end if;
  v_running := exists (select 1 from analysis_steps where analysis_job_id = p_job
                       and run_no = v.current_run and status = 'running');
  if v.status not in ('queued', 'running') and not v_running then
    return jsonb_build_object('cancelled', false, 'status', v.status, 'runNo', v.current_run);
  end if;
  update analysis_steps set status = 'failed', error = 'cancelled', finished_at = now(),
    duration_ms = (extract(epoch from now() - started_at) * 1000)::int
  where analysis_job_id = p_job and run_no = v.current_run and status = 'running';
  update analysis_jobs set status = 'cancelled', current_step = null, status_line = 'cancelled',
    workflow_state = workflow_state || jsonb_build_object('currentStep', null, 'lastUpdated', now()),
    updated_at = now()
  where id = p_job;
  update interviews set status = 'cancelled', updated_at = now() where id = v.interview_id;
  return jsonb_build_object('cancelled', true, 'status', 'cancelled', 'runNo', v.current_run);
end $$;

-- Only the service role (workers, API) calls these; clients never do.
revoke execute on function list_live_runs(integer) from public;
revoke execute on function mark_steps_lost(uuid, integer, text[], text) from public;
revoke execute on function cancel_run(uuid) from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'service_role') then
    grant execute on function list_live_runs(integer) to service_role;
    grant execute on function mark_steps_lost(uuid, integer, text[], text) to service_role;
    grant execute on function cancel_run(uuid) to service_role;
  end if;
end $$;
