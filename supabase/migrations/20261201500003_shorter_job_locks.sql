-- Orchestration speed (issue 12), found with auto_explain (nested statements) over sequential
-- interviews: most of start_step's time was waiting for the job row's lock (iflow_fence's
-- `for update`), which the three parallel steps of an interview take in turn for their start and
-- their commit. Two changes that hold or cost less, with the same fencing and the same results:
-- - start_step reads the step's inputs before taking the lock (20261201500002 read them while
--   holding it, so a sibling's start or commit waited for those reads);
-- - iflow_complete_step reads the step order once per call (it was evaluated for every row of
--   the completed-steps sort, a query of iflow_steps each time).

create or replace function start_step(p_job uuid, p_run integer, p_step text, p_reads text[] default '{}')
returns jsonb language plpgsql as $$
declare
  v analysis_jobs;
  s analysis_steps;
  v_interview uuid;
  v_project uuid;
  v_inputs jsonb;
begin
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

-- iflow_complete_step, as in 20261130100001_step_table.sql, with the step order read once.
create or replace function iflow_complete_step(p_job uuid, p_run integer, p_step text,
                                               p_state jsonb, p_result jsonb)
returns void language plpgsql as $$
declare
  v_completed jsonb;
  v_missing text;
  v_order text[] := iflow_step_order();
begin
  select string_agg(s, ', ') into v_missing
  from analysis_jobs j, unnest(iflow_step_prerequisites(p_step)) s
  where j.id = p_job and not coalesce(j.workflow_state->'completedSteps', '[]') ? s;
  if v_missing is not null then
    raise exception 'cannot commit % of analysis job %: steps not complete: %', p_step, p_job, v_missing
      using errcode = 'IFBAD';
  end if;

  update analysis_steps set status = 'completed', progress = 100, finished_at = now(), error = null,
    duration_ms = (extract(epoch from now() - started_at) * 1000)::int, result = p_result,
    status_line = 'done'
  where analysis_job_id = p_job and run_no = p_run and step = p_step;
  if not found then
    insert into analysis_steps (analysis_job_id, run_no, step, status, attempts, progress,
                                started_at, finished_at, duration_ms, result)
    values (p_job, p_run, p_step, 'completed', 1, 100, now(), now(), 0, p_result);
  end if;

  select jsonb_agg(x.s order by array_position(v_order, x.s)) into v_completed
  from (select distinct e.s
        from analysis_jobs j,
             jsonb_array_elements_text(coalesce(j.workflow_state->'completedSteps', '[]')
                                       || to_jsonb(p_step)) as e(s)
        where j.id = p_job) x;

  update analysis_jobs set
    workflow_state = workflow_state || p_state || jsonb_build_object(
      'completedSteps', v_completed, 'lastUpdated', now()),
    progress = (100 * jsonb_array_length(v_completed) / cardinality(v_order)),
    status_line = p_step || ': done',
    updated_at = now()
  where id = p_job;
end $$;
