-- Issue 10: list reads with keyset (cursor) pagination, and idempotent submission.

-- One interview per (project, key): the key is an Idempotency-Key header or an externalId (the
-- CLI uses a CSV's transcript_id or the transcript's content hash). The same key returns the
-- first interview; a second one is never created.
create table if not exists interview_idempotency_keys (
  project_id uuid not null references projects(id),
  key text not null check (length(key) between 1 and 255),
  account_id uuid not null,
  interview_id uuid not null references interviews(id) on delete cascade,
  analysis_job_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (project_id, key)
);
create index if not exists interview_idempotency_keys_interview_idx on interview_idempotency_keys(interview_id);
alter table interview_idempotency_keys enable row level security;
drop policy if exists service_role_all on interview_idempotency_keys;
create policy service_role_all on interview_idempotency_keys for all to service_role using (true) with check (true);
drop policy if exists account_isolation on interview_idempotency_keys;
-- like every table (20261130200002_privileges.sql): users read their account's rows, only the
-- service role writes
create policy account_isolation on interview_idempotency_keys for select to authenticated
  using (account_id = (select iflow_jwt_account()));
revoke insert, update, delete, truncate, references, trigger on interview_idempotency_keys from public, anon, authenticated;
revoke select on interview_idempotency_keys from anon;
grant select on interview_idempotency_keys to authenticated;
grant all on interview_idempotency_keys to service_role;

-- Lists page on (created_at, id): stable under concurrent inserts, no OFFSET scans. A cursor is
-- the last row's (created_at, id); the API encodes it opaquely.
create index if not exists interviews_project_created_idx on interviews(project_id, created_at, id);
create index if not exists analysis_jobs_project_created_idx on analysis_jobs(project_id, created_at, id);
create index if not exists projects_account_created_idx on projects(account_id, created_at, id);

create or replace function list_projects(p_account uuid, p_after_ts timestamptz, p_after_id uuid, p_limit integer)
returns jsonb language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name, 'createdAt', p.created_at,
      'interviews', (select count(*) from interviews i where i.project_id = p.id))
    order by p.created_at, p.id), '[]')
  from (select * from projects
        where account_id = p_account
          and (p_after_ts is null or (created_at, id) > (p_after_ts, p_after_id))
        order by created_at, id limit greatest(1, least(p_limit, 200))) p
$$;

create or replace function list_interviews(p_account uuid, p_project uuid, p_status text,
  p_after_ts timestamptz, p_after_id uuid, p_limit integer)
returns jsonb language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'projectId', i.project_id, 'title', i.title,
      'status', i.status, 'externalId', k.key, 'durationMs', i.duration_ms,
      'analysisJobId', j.id, 'jobStatus', j.status, 'createdAt', i.created_at)
    order by i.created_at, i.id), '[]')
  from (select * from interviews
        where account_id = p_account and project_id = p_project
          and (p_status is null or status = p_status)
          and (p_after_ts is null or (created_at, id) > (p_after_ts, p_after_id))
        order by created_at, id limit greatest(1, least(p_limit, 200))) i
  left join analysis_jobs j on j.interview_id = i.id
  left join interview_idempotency_keys k on k.interview_id = i.id
$$;

create or replace function list_analysis_jobs(p_account uuid, p_project uuid, p_status text,
  p_after_ts timestamptz, p_after_id uuid, p_limit integer)
returns jsonb language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('status', j.status, 'id', j.id, 'interviewId', j.interview_id,
      'projectId', j.project_id, 'title', i.title, 'progress', j.progress, 'currentStep', j.current_step,
      'currentRun', j.current_run, 'error', j.error, 'createdAt', j.created_at, 'updatedAt', j.updated_at)
    order by j.created_at, j.id), '[]')
  from (select * from analysis_jobs
        where account_id = p_account and project_id = p_project
          and (p_status is null or status = p_status)
          and (p_after_ts is null or (created_at, id) > (p_after_ts, p_after_id))
        order by created_at, id limit greatest(1, least(p_limit, 200))) j
  join interviews i on i.id = j.interview_id
$$;

-- Creates the interview unless the key was used in the project: then returns the first one
-- (`existing: true`). The key row is inserted first, so a concurrent request with the same key
-- waits on it and then reads the winner's interview.
create or replace function create_interview_once(p jsonb, p_key text) returns jsonb
language plpgsql as $$
declare
  v_project uuid := (p->>'projectId')::uuid;
  v_account uuid := (p->>'accountId')::uuid;
  v_row interview_idempotency_keys;
  v_created jsonb;
begin
  if p_key is null then
    return create_interview(p) || jsonb_build_object('existing', false);
  end if;
  if v_account is null or v_project is null then
    raise exception 'accountId and projectId are required' using errcode = 'IFBAD';
  end if;
  -- the project row must exist before the key can reference it
  insert into projects (id, account_id) values (v_project, v_account) on conflict (id) do nothing;
  select * into v_row from interview_idempotency_keys where project_id = v_project and key = p_key;
  if found then
    if v_row.account_id <> v_account then
      raise exception 'project % belongs to another account', v_project using errcode = 'IFBAD';
    end if;
    return jsonb_build_object('interviewId', v_row.interview_id, 'analysisJobId', v_row.analysis_job_id,
      'existing', true);
  end if;
  v_created := create_interview(p);
  insert into interview_idempotency_keys (project_id, key, account_id, interview_id, analysis_job_id)
  values (v_project, p_key, v_account, (v_created->>'interviewId')::uuid, (v_created->>'analysisJobId')::uuid)
  on conflict (project_id, key) do nothing;
  if not found then
    -- a concurrent request won: undo ours (this transaction) by raising, and let the caller retry
    raise exception 'idempotency key % is being used concurrently', p_key using errcode = 'IFRUN';
  end if;
  return v_created || jsonb_build_object('existing', false);
end $$;

revoke execute on function list_projects(uuid, timestamptz, uuid, integer) from public;
revoke execute on function list_interviews(uuid, uuid, text, timestamptz, uuid, integer) from public;
revoke execute on function list_analysis_jobs(uuid, uuid, text, timestamptz, uuid, integer) from public;
revoke execute on function create_interview_once(jsonb, text) from public;
grant execute on function list_projects(uuid, timestamptz, uuid, integer) to service_role;
grant execute on function list_interviews(uuid, uuid, text, timestamptz, uuid, integer) to service_role;
grant execute on function list_analysis_jobs(uuid, uuid, text, timestamptz, uuid, integer) to service_role;
grant execute on function create_interview_once(jsonb, text) to service_role;
