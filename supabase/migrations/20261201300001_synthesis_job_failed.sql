-- A synthesize job that BullMQ fails without running its processor (it stalled more than the
-- allowed number of times: its worker died mid-run) left its synthesis run `running` forever.
-- The worker's 'failed' handler records it here: every run of that Bull job still running that
-- started before the failure is failed with the job's reason. Returns how many were.
create or replace function fail_synthesis_job(p_project uuid, p_bull_job text, p_error text, p_before timestamptz)
returns integer language plpgsql as $$
declare
  v_count integer;
begin
  update synthesis_runs set status = 'failed', error = left(coalesce(p_error, 'failed'), 2000), finished_at = now(),
    duration_ms = (extract(epoch from now() - started_at) * 1000)::int
  where project_id = p_project and bull_job_id = p_bull_job and status = 'running'
    and started_at <= coalesce(p_before, now());
  get diagnostics v_count = row_count;
  return v_count;
end $$;

revoke execute on function fail_synthesis_job(uuid, text, text, timestamptz) from public;
grant execute on function fail_synthesis_job(uuid, text, text, timestamptz) to service_role;
