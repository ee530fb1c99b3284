-- Synthesis runs still marked running that started before a time: the reconciler checks each
-- one's Bull job and fails the runs whose job is gone or finished (a lost Redis, a job removed
-- by hand), which no worker event can report.
create or replace function list_running_syntheses(p_started_before timestamptz, p_limit integer)
returns jsonb language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('runId', r.id, 'projectId', r.project_id,
      'bullJobId', r.bull_job_id, 'startedAt', r.started_at) order by r.started_at), '[]')
  from (select * from synthesis_runs
        where status = 'running' and started_at < p_started_before
        order by started_at limit greatest(1, least(coalesce(p_limit, 500), 5000))) r
$$;

revoke execute on function list_running_syntheses(timestamptz, integer) from public;
grant execute on function list_running_syntheses(timestamptz, integer) to service_role;
