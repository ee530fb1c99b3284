-- Orchestration speed (issue 12): the commits of steps that run in parallel (insights, personas,
-- answers) no longer update the analysis_jobs row. Since 20261202800004 their fences no longer
-- exclude each other, but each commit still updated the job row (completedSteps, progress), and a
-- row update holds the row until its transaction ends, WAL flush included: the three commits
-- still flushed one after the other (about 2 ms per flush on the bench machine) instead of in one
-- group flush.
--
-- What changes:
-- - a parallel step's commit (iflow_step_parallel: another step is in its layer) marks its analysis_steps row completed and stores its part of workflow_state
--   in that row (analysis_steps.state); the job row is left alone;
-- - every reader of the job's completed steps takes them from the row's completedSteps plus the
--   current run's completed parallel steps (iflow_job_state): the commit prerequisites check,
--   begin_run (resume), get_analysis_job (completedSteps, progress, workflowState);
-- - the job row gets the parallel parts folded in by the next write that rewrites its state: a
--   sequential step's commit (finalize), a final failure (fail_step), or the next run (begin_run).
--   So a finished or failed job's workflow_state holds every step's ids as before.
-- Fencing is unchanged: the parallel commits still lock the job row `for key share` (a new run or
-- a cancel waits for them, a superseded run's commit is refused) and take the (job, step)
-- advisory lock (a duplicate commit waits and then finds the step done).

alter table analysis_steps add column if not exists state jsonb;

-- true when another step runs at the same time as p_step: one of the same layer. A step's layer
-- is one more than its deepest prerequisite's (as STEP_LAYERS in src/domain/steps.ts); the flow
-- runs the steps of a layer in parallel and the layers one after the other. iflow_steps rows are
-- in dependency order (checked by test/store/step-table.test.ts), so one pass computes them.
create or replace function iflow_step_parallel(p_step text) returns boolean
language plpgsql stable as $$
declare
  v_layer jsonb := '{}';
  r record;
  v integer;
begin
  for r in select name, depends_on from iflow_steps order by position loop
    select coalesce(max((v_layer->>d)::int), -1) + 1 into v from unnest(r.depends_on) d;
    v_layer := v_layer || jsonb_build_object(r.name, v);
  end loop;
  return exists (select 1 from jsonb_each(v_layer) e where e.key <> p_step and e.value = v_layer->p_step);
end $$;

-- The job's workflow_state with the parts of run p_run's completed parallel steps merged in and
-- completedSteps their union, in step order. p_state: the job row's workflow_state.
create or replace function iflow_job_state(p_job uuid, p_run integer, p_state jsonb)
returns jsonb language plpgsql stable as $$
declare
  v_state jsonb := coalesce(p_state, '{}');
  v_done text[];
  r record;
begin
  for r in select s.step, s.state from analysis_steps s
           where s.analysis_job_id = p_job and s.run_no = p_run and s.status = 'completed'
             and s.state is not null
           order by array_position(iflow_step_order(), s.step) loop
    v_state := v_state || r.state;
    v_done := v_done || r.step;
  end loop;
  if v_done is null then
    return v_state;
  end if;
  return v_state || jsonb_build_object('completedSteps', (
    select coalesce(jsonb_agg(s order by array_position(iflow_step_order(), s)), '[]')
    from (select distinct e.s
          from jsonb_array_elements_text(coalesce(p_state->'completedSteps', '[]') || to_jsonb(v_done)) as e(s)) x));
end $$;

create or replace function iflow_complete_step(p_job uuid, p_run integer, p_step text,
                                               p_state jsonb, p_result jsonb)
returns void language plpgsql as $$
declare
  v_missing text;
  v_order text[] := iflow_step_order();
  v_parallel boolean := iflow_step_parallel(p_step);
  v_state jsonb;
begin
  select iflow_job_state(p_job, p_run, j.workflow_state) into v_state from analysis_jobs j where j.id = p_job;
  select string_agg(s, ', ') into v_missing
  from unnest(iflow_step_prerequisites(p_step)) s
  where not coalesce(v_state->'completedSteps', '[]') ? s;
  if v_missing is not null then
    raise exception 'cannot commit % of analysis job %: steps not complete: %', p_step, p_job, v_missing
      using errcode = 'IFBAD';
  end if;

  update analysis_steps set status = 'completed', progress = 100, finished_at = now(), error = null,
    duration_ms = (extract(epoch from now() - started_at) * 1000)::int, result = p_result,
    status_line = 'done', state = case when v_parallel then coalesce(p_state, '{}') end
  where analysis_job_id = p_job and run_no = p_run and step = p_step;
  if not found then
    insert into analysis_steps (analysis_job_id, run_no, step, status, attempts, progress,
                                started_at, finished_at, duration_ms, result, state)
    values (p_job, p_run, p_step, 'completed', 1, 100, now(), now(), 0, p_result,
            case when v_parallel then coalesce(p_state, '{}') end);
  end if;
  -- a parallel step leaves the job row alone: its siblings' commits would queue on it
  if v_parallel then
    return;
  end if;

  -- a sequential step folds in the parallel steps' parts. Its fence holds the row `for update`
  -- (iflow_fence), so no parallel commit (`for key share`) has landed since v_state was read
  update analysis_jobs set
    workflow_state = v_state || p_state || jsonb_build_object(
      'completedSteps', iflow_completed_with(v_state, p_step, v_order), 'lastUpdated', now()),
    progress = (100 * jsonb_array_length(iflow_completed_with(v_state, p_step, v_order)) / cardinality(v_order)),
    status_line = p_step || ': done',
    updated_at = now()
  where id = p_job;
end $$;

-- 20261130500001's, with the completed steps from iflow_job_state
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
  v_state jsonb;
begin
  select * into v from analysis_jobs where id = p_job for update;
  if not found then
    raise exception 'analysis job % not found', p_job using errcode = 'IFNFD';
  end if;
  -- the row's state with the parallel steps the current run completed (their commits, which
  -- this row lock waited for, left the row alone)
  v_state := iflow_job_state(p_job, v.current_run, v.workflow_state);
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
    if v_state->'completedSteps' ? v_step and not (v_step = any(coalesce(p_reset, '{}')))
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
    workflow_state = v_state || jsonb_build_object(
      'completedSteps', v_completed, 'runNo', v.current_run + 1, 'lastUpdated', now()),
    updated_at = now()
  where id = p_job;
  update interviews set status = 'processing', updated_at = now() where id = v.interview_id;

  return jsonb_build_object('runNo', v.current_run + 1, 'completedSteps', v_completed,
                            'interviewId', v.interview_id);
end $$;

-- 20261124000002's, folding the parallel steps' parts into the failed job's state
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
    -- the parallel steps this run completed go into the row's state (their commits left it alone)
    update analysis_jobs set status = 'failed', error = p_step || ': ' || p_error,
      status_line = p_step || ' failed', updated_at = now(),
      workflow_state = iflow_job_state(p_job, p_run, workflow_state)
    where id = p_job;
    update interviews set status = 'failed', updated_at = now() where id = v.interview_id;
  else
    update analysis_jobs set status_line = p_step || ': retrying after error: ' || left(p_error, 200),
      updated_at = now()
    where id = p_job;
  end if;
end $$;

-- 20261124000004's, with completedSteps, progress and workflowState from iflow_job_state
create or replace function get_analysis_job(p_job uuid) returns jsonb
language sql stable as $$
  select jsonb_build_object('id', j.id, 'interviewId', j.interview_id, 'projectId', j.project_id,
    'status', j.status, 'currentRun', j.current_run, 'currentStep', j.current_step,
    'flowRun', j.flow_run, 'runStartedAt', j.run_started_at,
    'progress', case when j.status = 'completed' then j.progress
                else greatest(j.progress, 100 * jsonb_array_length(coalesce(w.state->'completedSteps', '[]')) / iflow_step_count()) end,
    'statusLine', j.status_line, 'error', j.error,
    'completedSteps', coalesce(w.state->'completedSteps', '[]'),
    'workflowState', w.state, 'createdAt', j.created_at, 'updatedAt', j.updated_at,
    'usage', (select jsonb_build_object('llmCalls', coalesce(sum(llm_calls), 0),
                'inputTokens', coalesce(sum(input_tokens), 0),
                'outputTokens', coalesce(sum(output_tokens), 0),
                'cachedTokens', coalesce(sum(cached_tokens), 0),
                'costUsd', coalesce(sum(cost_usd), 0)::float8)
              from analysis_steps where analysis_job_id = j.id),
    'steps', (select coalesce(jsonb_agg(jsonb_build_object('step', s.step, 'runNo', s.run_no,
                'status', s.status, 'attempts', s.attempts, 'progress', s.progress,
                'statusLine', s.status_line, 'startedAt', s.started_at, 'finishedAt', s.finished_at,
                'durationMs', s.duration_ms, 'error', s.error, 'model', s.model,
                'llmCalls', s.llm_calls, 'tokens', jsonb_build_object('input', s.input_tokens,
                  'output', s.output_tokens, 'cached', s.cached_tokens),
                'costUsd', s.cost_usd::float8, 'usage', s.usage)
              order by s.run_no, array_position(iflow_step_order(), s.step)), '[]')
              from analysis_steps s where s.analysis_job_id = j.id))
  from analysis_jobs j
  -- completedSteps and the step ids include the current run's parallel steps, whose commits
  -- leave the job row alone
  cross join lateral (select iflow_job_state(j.id, j.current_run, j.workflow_state) as state) w
  where j.id = p_job
$$;

revoke execute on function iflow_step_parallel(text) from public;
grant execute on function iflow_step_parallel(text) to service_role;
revoke execute on function iflow_job_state(uuid, integer, jsonb) from public;
-- read-only: get_analysis_job, which a Supabase user may call for its own account (RLS), reads with it
grant execute on function iflow_job_state(uuid, integer, jsonb) to service_role, authenticated;
