-- Orchestration speed (issue 12): start_step also returns the inputs the step reads (its
-- `p_reads`, named after the readers below), read in the same transaction right after the fence
-- and the attempt record, so starting a step and loading its inputs is one round trip instead
-- of two to four (personas and answers read three things each). Same fencing and ledger writes
-- as 20261130700001; `inputs` is {} when the step reads nothing. The signature
-- gains a parameter, so the three-argument function is dropped (two would make calls ambiguous).

-- The readers a step may name: each is the function a separate call would run, so a step gets
-- the same JSON either way. An unknown name is a programming error (IFBAD), not an empty input.
create or replace function iflow_step_inputs(p_interview uuid, p_project uuid, p_reads text[])
returns jsonb language plpgsql stable as $$
declare
  r jsonb := '{}';
  x text;
begin
  foreach x in array coalesce(p_reads, '{}') loop
    if not (x = any (array['utterances', 'evidence', 'people', 'questions', 'projectPersonas', 'report'])) then
      raise exception 'unknown step input %', x using errcode = 'IFBAD';
    end if;
    r := r || jsonb_build_object(x, case x
      when 'utterances' then load_utterances(p_interview)
      when 'evidence' then load_evidence(p_interview)
      when 'people' then load_people(p_interview)
      when 'questions' then load_questions(p_interview)
      when 'projectPersonas' then load_project_personas(p_project)
      when 'report' then get_interview_report(p_interview)
    end);
  end loop;
  return r;
end $$;

drop function if exists start_step(uuid, integer, text);

create function start_step(p_job uuid, p_run integer, p_step text, p_reads text[] default '{}')
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
  return jsonb_build_object('completed', false, 'analysisJob', load_job_context(p_job),
    'inputs', iflow_step_inputs(v.interview_id, v.project_id, p_reads));
end $$;

-- writes: the service role only (as every volatile function, 20261130200002_privileges.sql)
revoke execute on function start_step(uuid, integer, text, text[]) from public;
grant execute on function start_step(uuid, integer, text, text[]) to service_role;
revoke execute on function iflow_step_inputs(uuid, uuid, text[]) from public;
grant execute on function iflow_step_inputs(uuid, uuid, text[]) to service_role;
