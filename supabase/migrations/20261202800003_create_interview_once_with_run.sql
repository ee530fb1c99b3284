-- Orchestration speed (issue 12): an idempotent submission (Idempotency-Key, externalId, a CSV's
-- transcript_id: every interview `process` imports) creates its interview and opens run 1 in one
-- call, as create_interview_with_run (20261202800002) does for the others. A key used before
-- returns the first interview as create_interview_once does (`existing: true`, no run opened:
-- the caller decides as before); a concurrent request with the same key still rolls back the
-- whole call (IFRUN), run included. begin_run runs unchanged inside (same lock and checks).

create or replace function create_interview_once_with_run(p jsonb, p_key text) returns jsonb
language plpgsql as $$
declare
  v_created jsonb;
begin
  v_created := create_interview_once(p, p_key);
  if (v_created->>'existing')::boolean then
    return v_created;
  end if;
  return v_created || jsonb_build_object('run',
    begin_run((v_created->>'analysisJobId')::uuid, '{}'::text[], false));
end $$;

-- writes: the service role only (as every volatile function, 20261130200002_privileges.sql)
revoke execute on function create_interview_once_with_run(jsonb, text) from public;
grant execute on function create_interview_once_with_run(jsonb, text) to service_role;
