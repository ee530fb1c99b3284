-- API keys and account-scoped reads (issue #9).
-- A key is shown once at creation; only its SHA-256 is stored (keys are 256-bit random, so a
-- fast hash is enough: there is nothing to brute-force). `prefix` is the first characters of the
-- key, kept so an operator can tell keys apart in `interview-flow keys list`.

create table if not exists api_keys (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  name text not null,
  prefix text not null,
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  scopes text[] not null check (scopes <@ array['interviews:write', 'read', 'admin', 'admin:write']
                                and cardinality(scopes) > 0),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index if not exists api_keys_account_idx on api_keys(account_id);

-- only the service role reads or writes keys; authenticated users never see them, not even hashed
alter table api_keys enable row level security;
revoke all on table api_keys from public, anon, authenticated;
grant all on table api_keys to service_role;
drop policy if exists service_role_all on api_keys;
create policy service_role_all on api_keys for all to service_role using (true) with check (true);

create or replace function iflow_api_key_json(k api_keys) returns jsonb language sql stable as $$
  select jsonb_build_object('id', k.id, 'accountId', k.account_id, 'name', k.name, 'prefix', k.prefix,
    'scopes', to_jsonb(k.scopes), 'createdAt', k.created_at, 'lastUsedAt', k.last_used_at,
    'revokedAt', k.revoked_at)
$$;

create or replace function create_api_key(p jsonb) returns jsonb
language plpgsql as $$
declare
  k api_keys;
begin
  if (p->>'accountId') is null or coalesce(p->>'name', '') = '' or (p->>'hash') is null then
    raise exception 'accountId, name and hash are required' using errcode = 'IFBAD';
  end if;
  insert into api_keys (account_id, name, prefix, key_hash, scopes)
  values ((p->>'accountId')::uuid, p->>'name', p->>'prefix', p->>'hash',
          array(select jsonb_array_elements_text(p->'scopes')))
  returning * into k;
  return iflow_api_key_json(k);
end $$;

-- p_account null: every account's keys (operator listing)
create or replace function list_api_keys(p_account uuid) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(iflow_api_key_json(k) order by k.created_at, k.id), '[]')
  from api_keys k where p_account is null or k.account_id = p_account
$$;

create or replace function revoke_api_key(p_id uuid) returns jsonb
language plpgsql as $$
declare
  k api_keys;
begin
  update api_keys set revoked_at = coalesce(revoked_at, now()) where id = p_id returning * into k;
  if k.id is null then
    raise exception 'api key % not found', p_id using errcode = 'IFNFD';
  end if;
  return iflow_api_key_json(k);
end $$;

-- The key for a hash, if it is not revoked. last_used_at is refreshed at most once a minute, so
-- a busy key does not turn every request into a row update.
create or replace function verify_api_key(p_hash text) returns jsonb
language plpgsql as $$
declare
  k api_keys;
begin
  select * into k from api_keys where key_hash = p_hash and revoked_at is null;
  if k.id is null then
    return null;
  end if;
  if k.last_used_at is null or k.last_used_at < now() - interval '1 minute' then
    update api_keys set last_used_at = now() where id = k.id;
  end if;
  return iflow_api_key_json(k);
end $$;

-- Whether there is any usable key: `api` without keys (and without JWT settings) runs in
-- single-account mode on loopback only.
create or replace function count_active_api_keys() returns integer
language sql stable as $$
  select count(*)::int from api_keys where revoked_at is null
$$;

-- Account-scoped reads for the API: another account's ids read as absent (404), never as 403, so
-- ids cannot be probed across tenants.
create or replace function get_analysis_job_for(p_job uuid, p_account uuid) returns jsonb
language sql stable as $$
  select get_analysis_job(p_job) where exists (select 1 from analysis_jobs where id = p_job and account_id = p_account)
$$;

create or replace function get_interview_report_for(p_interview uuid, p_account uuid) returns jsonb
language sql stable as $$
  select get_interview_report(p_interview)
  where exists (select 1 from interviews where id = p_interview and account_id = p_account)
$$;


-- The account that owns a project, interview or analysis job (null: no such row). Lets any API
-- route check ownership before it reads or acts, whatever it loads afterwards.
create or replace function resource_account(p_kind text, p_id uuid) returns uuid
language sql stable as $$
  select case p_kind
    when 'project' then (select account_id from projects where id = p_id)
    when 'interview' then (select account_id from interviews where id = p_id)
    when 'analysis_job' then (select account_id from analysis_jobs where id = p_id)
  end
$$;

notify pgrst, 'reload schema';
