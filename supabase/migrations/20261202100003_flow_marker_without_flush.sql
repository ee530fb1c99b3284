-- Orchestration speed (issue 12): mark_flow_added commits without waiting for the WAL flush,
-- like start_step (20261202100001). It runs right after the run's flow is added to Redis, when
-- the first step's start_step wants the same job row: that start waited for this call's flush.
--
-- flow_run only tells the lost-run paths (startRun's rebuild, the reconciler) that a live run
-- without jobs in Redis had its flow added, so they need not wait for the grace period before
-- rebuilding it. A marker lost with a database crash leaves flow_run at an earlier run: those
-- paths then wait out the grace period (30 s) and rebuild as they do for a run opened by a
-- crashed process. Its fence (a superseded or cancelled run raises) is unchanged.
-- Otherwise as in 20261124000002_runs.sql.

create or replace function mark_flow_added(p_job uuid, p_run integer) returns void
language plpgsql as $$
begin
  perform set_config('synchronous_commit', 'off', true);
  perform iflow_fence(p_job, p_run);
  update analysis_jobs set flow_run = p_run where id = p_job;
end $$;
