-- Database privileges (issue #9): the service role (workers, the API) is the only writer.
-- `authenticated` (a Supabase user's JWT through PostgREST) reads its own account's rows through
-- RLS and cannot write anything: not the ledger (runs, steps, checkpoints), not step outputs.
-- `anon` gets nothing. Idempotent; functions and tables added by later migrations are closed by
-- default (see the end), and test/store/privileges.test.ts enumerates every function and table.

-- Tables: SELECT only for authenticated (RLS scopes it to the account); nothing for anon.
do $$
declare
  t record;
begin
  for t in select c.oid::regclass as rel from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm') loop
    execute format('revoke insert, update, delete, truncate, references, trigger on %s from public, anon, authenticated', t.rel);
    execute format('revoke all on %s from anon', t.rel);
  end loop;
end $$;

-- Functions. Volatile ones write (create_interview, begin_run, start_step, commit_*, fail_step,
-- set_checkpoint, the spend ledger, API keys, ...): service role only. Stable and immutable ones
-- cannot write (Postgres refuses writes in them); they run with the caller's rights, so RLS
-- applies, and authenticated may call them to read its own account. Members of extensions are
-- left alone. SECURITY DEFINER functions would bypass RLS: none are granted to API roles.
do $$
declare
  f record;
begin
  for f in select p.oid::regprocedure as sig, p.provolatile, p.prosecdef
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where n.nspname = 'public' and p.prokind in ('f', 'p')
             and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e') loop
    execute format('revoke execute on function %s from public, anon, authenticated', f.sig);
    execute format('grant execute on function %s to service_role', f.sig);
    if f.provolatile <> 'v' and not f.prosecdef then
      execute format('grant execute on function %s to authenticated', f.sig);
    end if;
  end loop;
end $$;

-- the API-key and ownership lookups are for the server only, even though they only read
revoke execute on function list_api_keys(uuid), count_active_api_keys(), resource_account(text, uuid),
  iflow_api_key_json(api_keys) from authenticated;

-- Closed by default: functions created later (by this role) are executable by nobody but their
-- owner until a migration grants them; the service role gets them. Supabase grants new objects in
-- `public` to anon/authenticated at the schema level; that grant is revoked as well.
alter default privileges revoke execute on functions from public;
alter default privileges in schema public grant execute on functions to service_role;
do $$
begin
  alter default privileges in schema public revoke execute on functions from anon, authenticated;
  alter default privileges in schema public revoke insert, update, delete, truncate on tables from anon, authenticated;
exception when others then
  null; -- roles without those defaults (plain Postgres, PGlite): nothing to revoke
end $$;

notify pgrst, 'reload schema';
