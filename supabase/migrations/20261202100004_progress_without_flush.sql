-- Orchestration speed (issue 12): a step's progress line commits without waiting for the WAL
-- flush, like start_step (20261202100001) and mark_flow_added (20261202100003). It is a status
-- line (the worker already drops it while the database is unreachable), yet it held the job
-- row's lock through its flush, so a parallel sibling's start, progress or commit waited for it.
-- A line lost with a database crash is just an older line shown. Fence unchanged; otherwise as in
-- 20261124000002_runs.sql.

create or replace function report_step_progress(p_job uuid, p_run integer, p_step text,
                                                p_percent integer, p_line text)
returns void language plpgsql as $$
begin
  perform set_config('synchronous_commit', 'off', true);
  perform iflow_fence(p_job, p_run);
  -- a negative percent keeps the step's progress and only changes its status line
  update analysis_steps set progress = case when p_percent < 0 then progress else least(100, p_percent) end,
    status_line = p_line
  where analysis_job_id = p_job and run_no = p_run and step = p_step and status = 'running';
  update analysis_jobs set status_line = p_step || ': ' || p_line, updated_at = now()
  where id = p_job;
end $$;
