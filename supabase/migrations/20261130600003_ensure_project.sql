-- Issue 10: `process` opens a fresh, named project per run (so one run's questions never leak
-- into another's report). Creates the project with its name; an existing project keeps its name.
create or replace function ensure_project(p_project uuid, p_account uuid, p_name text) returns jsonb
language plpgsql as $$
begin
  insert into projects (id, account_id, name) values (p_project, p_account, coalesce(nullif(btrim(p_name), ''), 'Project'))
  on conflict (id) do nothing;
  if exists (select 1 from projects where id = p_project and account_id <> p_account) then
    raise exception 'project % belongs to another account', p_project using errcode = 'IFBAD';
  end if;
  return (select jsonb_build_object('id', id, 'name', name) from projects where id = p_project);
end $$;

revoke execute on function ensure_project(uuid, uuid, text) from public, anon, authenticated;
grant execute on function ensure_project(uuid, uuid, text) to service_role;
