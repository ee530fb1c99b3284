-- Postgres CPU per interview (issue 12): a step's start runs two statements fewer (6 starts per
-- interview). Body otherwise 20261204100002's.
--
-- 1. The fence comes first and gives the job's interview and project: start_step read them with
--    a select of the job row of its own before the fence read the same row again. The inputs are
--    still read before the step and job rows are written, so the job row's update lock (held to
--    the commit) is not held while they are built; the fence's `for key share` now is, which
--    holds back only a `for update` (a new run, a cancel, a sequential commit of this job) for
--    that time, as it already did for the rest of the start. A fenced-off start raises before
--    building the inputs instead of after.
-- 2. Whether a sibling failed for good is asked inside the job row's update (one `exists` the
--    update reads once) instead of by a statement before it; the update leaves a failed job's
--    status, error, status line and workflow state as they are, as the other branch did.
create or replace function start_step(p_job uuid, p_run integer, p_step text, p_reads text[] default '{}')
returns jsonb language plpgsql as $$
declare
  v analysis_jobs;
  v_inputs jsonb;
  v_failed boolean;
begin
  perform set_config('synchronous_commit', 'off', true);
  -- `for key share`: a new run or a cancel (`for update`) still waits for this start, and a
  -- superseded or cancelled run is still refused; a sibling's commit in flight (`for key share`
  -- too) does not hold this start through its WAL flush
  v := iflow_fence_shared(p_job, p_run);
  -- earlier steps' committed outputs, which this run cannot change meanwhile
  v_inputs := iflow_step_inputs(v.interview_id, v.project_id, p_reads);
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
  update analysis_jobs j set current_step = p_step, updated_at = now(),
    status = case when f.failed then j.status else 'running' end,
    error = case when f.failed then j.error end,
    status_line = case when f.failed then j.status_line else p_step || ': started' end,
    workflow_state = case when f.failed then j.workflow_state
                          else j.workflow_state || jsonb_build_object('currentStep', p_step, 'lastUpdated', now()) end
  from (select exists (select 1 from analysis_steps s where s.analysis_job_id = p_job and s.run_no = p_run
                       and s.status = 'failed' and s.step <> p_step) as failed) f
  where j.id = p_job
  returning f.failed into v_failed;
  if not v_failed then
    -- the interview row changes only at the run's first start (one row write less per step)
    update interviews set status = 'processing', updated_at = now()
    where id = v.interview_id and status is distinct from 'processing';
  end if;
  -- the transcript text (kilobytes) goes only to the step that reads it
  return jsonb_build_object('completed', false,
    'analysisJob', iflow_job_context(p_job, p_step = 'transcribe'),
    'inputs', v_inputs);
end $$;
