-- A synthesis run that a provider's rate limit ended is not a failure: the synthesize job is
-- delayed and runs again without using an attempt. It was recorded `failed` with an error
-- starting "waiting:", which readers of the runs list took for a failure. It is now `waiting`.
alter table synthesis_runs drop constraint if exists synthesis_runs_status_check;
alter table synthesis_runs add constraint synthesis_runs_status_check
  check (status in ('running', 'completed', 'failed', 'superseded', 'waiting'));

-- Records the end of an attempt that did not commit: p_status 'failed', 'superseded' (a newer
-- generation committed) or 'waiting' (rate limited; the job runs again later). A completed run stays so.
create or replace function fail_synthesis(p_run uuid, p_error text, p_status text)
returns void language plpgsql as $$
begin
  update synthesis_runs set status = case when p_status in ('superseded', 'waiting') then p_status else 'failed' end,
    error = left(p_error, 2000), finished_at = now(),
    duration_ms = (extract(epoch from now() - started_at) * 1000)::int
  where id = p_run and status = 'running';
end $$;
