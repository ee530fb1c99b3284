-- Runs and the step ledger. Error codes (SQLSTATE) the drivers map to typed errors:
--   IFNFD not found, IFBAD invalid input, IFRUN a run is already live, IFSTL stale run (fenced),
--   IFDON nothing left to run.

create or replace function iflow_step_order() returns text[] language sql immutable as $$
  select array['transcribe', 'evidence', 'insights', 'personas', 'answers', 'finalize']
$$;

-- Creates project (when new), interview, its questions and its analysis job in one transaction.
create or replace function create_interview(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_account uuid := (p->>'accountId')::uuid;
  v_project uuid := (p->>'projectId')::uuid;
  v_interview uuid;
  v_job uuid;
  v_q text;
  v_pos integer := 0;
begin
  if v_account is null or v_project is null then
    raise exception 'accountId and projectId are required' using errcode = 'IFBAD';
  end if;
  insert into projects (id, account_id) values (v_project, v_account) on conflict (id) do nothing;
  if exists (select 1 from projects where id = v_project and account_id <> v_account) then
    raise exception 'project % belongs to another account', v_project using errcode = 'IFBAD';
  end if;

  insert into interviews (account_id, project_id, title, source, raw_transcript, interviewers,
                          custom_instructions, metadata)
  values (v_account, v_project, p->>'title', coalesce(p->'source', '{"kind":"transcript"}'),
          p->>'rawTranscript',
          coalesce(array(select jsonb_array_elements_text(p->'interviewers')), '{}'),
          p->>'customInstructions', coalesce(p->'metadata', '{}'))
  returning id into v_interview;

  for v_q in select jsonb_array_elements_text(coalesce(p->'questions', '[]')) loop
    v_pos := v_pos + 1;
    insert into project_questions (account_id, project_id, question, question_key, position)
    values (v_account, v_project, btrim(v_q), lower(regexp_replace(btrim(v_q), '\s+', ' ', 'g')),
            (select coalesce(max(position), 0) + 1 from project_questions where project_id = v_project))
    on conflict (project_id, question_key) do nothing;
  end loop;

  insert into analysis_jobs (interview_id, account_id, project_id, workflow_state)
  values (v_interview, v_account, v_project,
          jsonb_build_object('interviewId', v_interview, 'completedSteps', '[]'::jsonb,
                             'currentStep', null, 'lastUpdated', now()))
  returning id into v_job;

  return jsonb_build_object('interviewId', v_interview, 'analysisJobId', v_job);
end $$;

-- Locks the job row and refuses a write from any run but the current one (run fencing).
create or replace function iflow_fence(p_job uuid, p_run integer) returns analysis_jobs
language plpgsql as $$
declare v analysis_jobs;
begin
  select * into v from analysis_jobs where id = p_job for update;
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

-- Direct prerequisites of each step (DESIGN section 1).
create or replace function iflow_step_deps(p_step text) returns text[] language sql immutable as $$
  select case p_step
    when 'transcribe' then '{}'::text[]
    when 'evidence' then array['transcribe']
    when 'finalize' then array['insights', 'personas', 'answers']
    else array['evidence'] end
$$;

-- Opens a new run. p_reset lists steps to run again even if complete (resumeFrom and its
-- dependents). A live run is refused (IFRUN) unless p_supersede: the job is queued/running, or a
-- step of the current run is still running (resuming would pay for it twice). p_lost_run names
-- a live run whose jobs the caller found gone from Redis: it is rebuilt only if it is still the
-- current run and its flow had been added (or it was opened over 30 s ago and never got one),
-- so two concurrent resumes cannot both win.
-- Returns {runNo, completedSteps}: the planner builds the flow from the steps not in it.
create or replace function begin_run(p_job uuid, p_reset text[], p_supersede boolean,
                                     p_lost_run integer default null)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs;
  v_kept text[] := '{}';
  v_step text;
  v_running text;
  v_completed jsonb;
begin
  select * into v from analysis_jobs where id = p_job for update;
  if not found then
    raise exception 'analysis job % not found', p_job using errcode = 'IFNFD';
  end if;
  select string_agg(step, ', ') into v_running from analysis_steps
  where analysis_job_id = p_job and run_no = v.current_run and status = 'running';
  if v.current_run > 0 and not p_supersede
     and not coalesce(p_lost_run = v.current_run
              and (v.flow_run = v.current_run or v.run_started_at < now() - interval '30 seconds'), false) then
    if v.status in ('queued', 'running') then
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

  if cardinality(v_kept) = 6 then
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
    progress = (100 * cardinality(v_kept) / 6),
    checkpoints = checkpoints - coalesce(p_reset, '{}'),
    workflow_state = workflow_state || jsonb_build_object(
      'completedSteps', v_completed, 'runNo', v.current_run + 1, 'lastUpdated', now()),
    updated_at = now()
  where id = p_job;
  update interviews set status = 'processing', updated_at = now() where id = v.interview_id;

  return jsonb_build_object('runNo', v.current_run + 1, 'completedSteps', v_completed,
                            'interviewId', v.interview_id);
end $$;

-- Records that a run's flow is in Redis (see begin_run's p_lost_run).
create or replace function mark_flow_added(p_job uuid, p_run integer) returns void
language plpgsql as $$
begin
  perform iflow_fence(p_job, p_run);
  update analysis_jobs set flow_run = p_run where id = p_job;
end $$;

-- Marks a step attempt as started. If the step is already complete for this run (re-delivery
-- after a crash) returns {completed: true, result} so the worker skips the analyzer.
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
  return jsonb_build_object('completed', false);
end $$;

create or replace function report_step_progress(p_job uuid, p_run integer, p_step text,
                                                p_percent integer, p_line text)
returns void language plpgsql as $$
begin
  perform iflow_fence(p_job, p_run);
  -- a negative percent keeps the step's progress and only changes its status line
  update analysis_steps set progress = case when p_percent < 0 then progress else least(100, p_percent) end,
    status_line = p_line
  where analysis_job_id = p_job and run_no = p_run and step = p_step and status = 'running';
  update analysis_jobs set status_line = p_step || ': ' || p_line, updated_at = now()
  where id = p_job;
end $$;

-- Adds usage (tokens, cost, model) to a step; called as calls finish, so spend is never lost.
create or replace function record_step_usage(p_job uuid, p_run integer, p_step text, p_usage jsonb)
returns void language plpgsql as $$
begin
  update analysis_steps set
    llm_calls = llm_calls + coalesce((p_usage->>'calls')::int, 0),
    input_tokens = input_tokens + coalesce((p_usage->>'inputTokens')::int, 0),
    output_tokens = output_tokens + coalesce((p_usage->>'outputTokens')::int, 0),
    cached_tokens = cached_tokens + coalesce((p_usage->>'cachedTokens')::int, 0),
    cost_usd = cost_usd + coalesce((p_usage->>'costUsd')::numeric, 0),
    model = coalesce(p_usage->>'model', model),
    usage = usage || coalesce(p_usage->'details', '{}')
  where analysis_job_id = p_job and run_no = p_run and step = p_step;
end $$;

-- Records a failed attempt. p_final: attempts are exhausted (or the error is unrecoverable):
-- the step and the job become failed and the interview shows it.
create or replace function fail_step(p_job uuid, p_run integer, p_step text, p_error text,
                                     p_final boolean)
returns void language plpgsql as $$
declare v analysis_jobs;
begin
  v := iflow_fence(p_job, p_run);
  update analysis_steps set
    status = case when p_final then 'failed' else 'running' end,
    error = p_error,
    finished_at = case when p_final then now() else null end,
    duration_ms = case when p_final then (extract(epoch from now() - started_at) * 1000)::int end
  where analysis_job_id = p_job and run_no = p_run and step = p_step and status <> 'completed';
  if iflow_step_done(p_job, p_run, p_step) then
    return; -- a duplicate delivery failed after the other one committed: nothing failed
  end if;
  if p_final then
    update analysis_jobs set status = 'failed', error = p_step || ': ' || p_error,
      status_line = p_step || ' failed', updated_at = now()
    where id = p_job;
    update interviews set status = 'failed', updated_at = now() where id = v.interview_id;
  else
    update analysis_jobs set status_line = p_step || ': retrying after error: ' || left(p_error, 200),
      updated_at = now()
    where id = p_job;
  end if;
end $$;

create or replace function get_checkpoint(p_job uuid, p_step text) returns jsonb
language sql stable as $$
  select coalesce(checkpoints->p_step, '{}') from analysis_jobs where id = p_job
$$;

-- Fenced like every write, with one exception: a superseded run may still save a checkpoint
-- the step does not have yet, because it records paid work (a submitted transcription) that a
-- later run can pick up instead of paying again.
create or replace function set_checkpoint(p_job uuid, p_run integer, p_step text, p_values jsonb)
returns void language plpgsql as $$
declare v analysis_jobs;
begin
  select * into v from analysis_jobs where id = p_job for update;
  if not found then
    raise exception 'analysis job % not found', p_job using errcode = 'IFNFD';
  end if;
  if v.current_run <> p_run and v.checkpoints ? p_step then
    perform iflow_fence(p_job, p_run); -- raises the stale-run error
  end if;
  update analysis_jobs
  set checkpoints = jsonb_set(checkpoints, array[p_step],
                              coalesce(checkpoints->p_step, '{}') || p_values)
  where id = p_job;
end $$;

-- Shared tail of every step commit: the ledger row, progress and the workflow_state merge,
-- done in SQL (no read-modify-write of JSON in the application).
create or replace function iflow_complete_step(p_job uuid, p_run integer, p_step text,
                                               p_state jsonb, p_result jsonb)
returns void language plpgsql as $$
declare v_completed jsonb;
begin
  update analysis_steps set status = 'completed', progress = 100, finished_at = now(), error = null,
    duration_ms = (extract(epoch from now() - started_at) * 1000)::int, result = p_result,
    status_line = 'done'
  where analysis_job_id = p_job and run_no = p_run and step = p_step;
  if not found then
    insert into analysis_steps (analysis_job_id, run_no, step, status, attempts, progress,
                                started_at, finished_at, duration_ms, result)
    values (p_job, p_run, p_step, 'completed', 1, 100, now(), now(), 0, p_result);
  end if;

  select jsonb_agg(x.s order by array_position(iflow_step_order(), x.s)) into v_completed
  from (select distinct e.s
        from analysis_jobs j,
             jsonb_array_elements_text(coalesce(j.workflow_state->'completedSteps', '[]')
                                       || to_jsonb(p_step)) as e(s)
        where j.id = p_job) x;

  update analysis_jobs set
    workflow_state = workflow_state || p_state || jsonb_build_object(
      'completedSteps', v_completed, 'lastUpdated', now()),
    progress = (100 * jsonb_array_length(v_completed) / 6),
    status_line = p_step || ': done',
    updated_at = now()
  where id = p_job;
end $$;

-- True when this run already committed the step (a duplicate delivery): its commit is a no-op.
create or replace function iflow_step_done(p_job uuid, p_run integer, p_step text) returns boolean
language sql stable as $$
  select exists (select 1 from analysis_steps where analysis_job_id = p_job and run_no = p_run
                 and step = p_step and status = 'completed')
$$;
