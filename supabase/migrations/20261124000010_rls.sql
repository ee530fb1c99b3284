-- Row-level security. Supabase's PostgREST runs each request as the JWT's role (`anon`,
-- `authenticated` or `service_role`) with the claims in `request.jwt.claims`; these policies
-- scope every row to the caller's account. Workers use the service role, which bypasses RLS on
-- purpose (they act for every account). The SQL functions stay SECURITY INVOKER, so an
-- `authenticated` caller of rpc() only ever touches its own account's rows.
-- Idempotent, and applies both on Supabase (roles exist) and on plain Postgres / PGlite (the
-- roles Supabase would provide are created when missing).

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    begin
      create role service_role nologin noinherit bypassrls;
    exception when insufficient_privilege then
      -- not a superuser: the service_role policies below give it every row instead
      create role service_role nologin noinherit;
    end;
  end if;
exception when duplicate_object or unique_violation then
  null; -- another migrator (another database of the same cluster) created them concurrently
end $$;

-- The caller's account: a top-level `account_id` claim (custom access token hook) or
-- app_metadata.account_id (server-controlled; never user_metadata, which users can edit).
create or replace function iflow_jwt_account() returns uuid language sql stable as $$
  select case when a ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then a::uuid end
  from (select coalesce(c ->> 'account_id', c -> 'app_metadata' ->> 'account_id') as a
        from (select nullif(current_setting('request.jwt.claims', true), '')::jsonb as c) claims) x
$$;

-- True when the project belongs to the caller's account: writes may not attach rows to another
-- account's project (foreign keys alone would allow it, since they bypass RLS).
create or replace function iflow_owns_project(p_project uuid) returns boolean language sql stable as $$
  select exists (select 1 from projects where id = p_project and account_id = iflow_jwt_account())
$$;

grant usage on schema public to anon, authenticated, service_role;

do $$
declare
  t text;
  -- every table that carries account_id and project_id
  scoped text[] := array['interviews', 'utterances', 'analysis_jobs', 'people', 'interview_people',
    'evidence', 'themes', 'theme_evidence', 'personas', 'persona_assignments', 'project_questions',
    'project_answers', 'project_answer_evidence', 'analytics_events'];
begin
  foreach t in array scoped || array['projects', 'analysis_steps'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format('grant select, insert, update, delete on public.%I to authenticated', t);
    execute format('grant all on public.%I to service_role', t);
    execute format('drop policy if exists service_role_all on public.%I', t);
    execute format('create policy service_role_all on public.%I for all to service_role using (true) with check (true)', t);
    execute format('drop policy if exists account_isolation on public.%I', t);
  end loop;

  foreach t in array scoped loop
    -- (select ...) makes the claim lookup an init plan: evaluated once per statement, not per row
    execute format('create policy account_isolation on public.%I for all to authenticated '
      'using (account_id = (select iflow_jwt_account())) '
      'with check (account_id = (select iflow_jwt_account()) and iflow_owns_project(project_id))', t);
  end loop;
end $$;

create policy account_isolation on projects for all to authenticated
  using (account_id = (select iflow_jwt_account())) with check (account_id = (select iflow_jwt_account()));

-- the step ledger has no account column: it follows its analysis job
create policy account_isolation on analysis_steps for all to authenticated
  using (exists (select 1 from analysis_jobs j where j.id = analysis_job_id and j.account_id = (select iflow_jwt_account())))
  with check (exists (select 1 from analysis_jobs j where j.id = analysis_job_id and j.account_id = (select iflow_jwt_account())));

grant usage, select on sequence analytics_events_id_seq to authenticated, service_role;

-- views run with the caller's rights, so the policies above apply through them
alter view insights set (security_invoker = true);
grant select on insights to authenticated, service_role;

-- The migrator's own ledger (absent when `supabase db push` applies the migrations): RLS on with
-- no policies and no grants, so API roles see nothing; only its owner (the migrator) uses it.
do $$
begin
  if to_regclass('public.schema_migrations') is not null then
    alter table public.schema_migrations enable row level security;
    revoke all on table public.schema_migrations from anon, authenticated;
  end if;
end $$;

-- tables added by later migrations stay usable by the workers; each must add its own RLS
-- (test/store/rls.test.ts fails for any public table without it)
alter default privileges in schema public grant all on tables to service_role;
alter default privileges in schema public grant usage, select on sequences to service_role;

-- a running PostgREST reloads its schema cache (delivered at commit; no-op without a listener)
notify pgrst, 'reload schema';
