-- Orchestration speed (issue 12): start_step sends the raw transcript only to the transcribe
-- step. The job context it returns carried `rawTranscript` (about 8 KB for a 20-turn interview)
-- to every step, though only transcribe reads it: six times the text over the wire and through
-- JSON parsing per interview. The other steps now get the context without that key. Fencing,
-- the step row and the job's status are exactly as in 20261202100001.

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
  -- the transcript text (kilobytes) goes only to the step that reads it
  return jsonb_build_object('completed', false, 'analysisJob',
    case when p_step = 'transcribe' then load_job_context(p_job)
         else load_job_context(p_job) - 'rawTranscript' end,
    'inputs', v_inputs);
end $$;
