-- Orchestration speed (issue 12): a submission creates its interview and opens run 1 in one
-- call (one transaction, one round trip) instead of create_interview then begin_run. Both
-- functions run unchanged inside it, so begin_run's row lock and checks (fencing) are the same;
-- a crash after this commit and before the flow reaches Redis leaves an open run without a flow,
-- which a resume rebuilds after the lost-flow grace (as a crash between begin_run and the flow's
-- add did before). Idempotent submissions keep create_interview_once + begin_run.

create or replace function create_interview_with_run(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_created jsonb;
begin
  v_created := create_interview(p);
  return v_created || jsonb_build_object('run',
    begin_run((v_created->>'analysisJobId')::uuid, '{}'::text[], false));
end $$;

-- writes: the service role only (as every volatile function, 20261130200002_privileges.sql)
revoke execute on function create_interview_with_run(jsonb) from public;
grant execute on function create_interview_with_run(jsonb) to service_role;
