-- Orchestration speed (issue 12): every step commit derived the step graph again. Per commit,
-- iflow_complete_step ran iflow_step_parallel (the dependency layers of all steps: a loop with a
-- statement per step), iflow_step_prerequisites (a recursive query), iflow_step_order several
-- times (iflow_job_state called it once per row it ordered) and iflow_completed_with (a SQL
-- function with a FROM clause, so planned again at every call): about 40 statements of the 60 a
-- commit ran, for facts that change only when a migration edits `iflow_steps`.
--
-- Now the graph is derived once per change of `iflow_steps` (a statement trigger) into one row
-- of `iflow_step_graph`, and the step path reads that row: one statement instead of ~40. The
-- facts stay derived from the table (test/store/step-table.test.ts adds a seventh step at run
-- time and expects order, progress and prerequisites to follow). Results are unchanged; the
-- functions keep their signatures and grants (create or replace).

create table iflow_step_graph (
  one boolean primary key default true check (one),
  -- step names by position
  step_order text[] not null,
  -- step name -> everything it depends on, directly or through other steps, in step order
  prerequisites jsonb not null,
  -- steps that share their dependency layer with another step (they run side by side)
  parallel text[] not null
);
-- readable by every role like iflow_steps; written only by the trigger below
alter table iflow_step_graph enable row level security;
grant select on iflow_step_graph to authenticated, service_role;
create policy everyone_reads on iflow_step_graph for select to authenticated, service_role using (true);

-- the derivations as they were (20261130100001_step_table.sql, 20261203100001), now run only here
create or replace function iflow_derive_step_prerequisites(p_step text) returns text[]
language sql stable as $$
  with recursive pre(name) as (
    select unnest(depends_on) from iflow_steps where name = p_step
    union
    select unnest(s.depends_on) from iflow_steps s join pre on s.name = pre.name
  )
  select coalesce(array_agg(name order by (select position from iflow_steps where iflow_steps.name = pre.name)), '{}')
  from pre
$$;

create or replace function iflow_refresh_step_graph() returns void
language plpgsql as $$
declare
  v_layer jsonb := '{}';
  r record;
  v integer;
begin
  for r in select name, depends_on from iflow_steps order by position loop
    select coalesce(max((v_layer->>d)::int), -1) + 1 into v from unnest(r.depends_on) d;
    v_layer := v_layer || jsonb_build_object(r.name, v);
  end loop;
  delete from iflow_step_graph;
  insert into iflow_step_graph (step_order, prerequisites, parallel)
  select coalesce(array_agg(s.name order by s.position), '{}'),
         coalesce(jsonb_object_agg(s.name, to_jsonb(iflow_derive_step_prerequisites(s.name))), '{}'),
         coalesce(array_agg(s.name order by s.position) filter (where exists (
           select 1 from jsonb_each(v_layer) e where e.key <> s.name and e.value = v_layer->s.name)), '{}')
  from iflow_steps s;
end $$;

create or replace function iflow_step_graph_changed() returns trigger
language plpgsql as $$
begin
  perform iflow_refresh_step_graph();
  return null;
end $$;

create trigger iflow_step_graph_changed after insert or update or delete or truncate on iflow_steps
  for each statement execute function iflow_step_graph_changed();

select iflow_refresh_step_graph();

revoke execute on function iflow_derive_step_prerequisites(text), iflow_refresh_step_graph() from public;

-- the step path's readers of the graph: one row read each

create or replace function iflow_step_order() returns text[]
language plpgsql stable as $$
begin
  return (select step_order from iflow_step_graph);
end $$;

create or replace function iflow_step_count() returns integer
language plpgsql stable as $$
begin
  return (select cardinality(step_order) from iflow_step_graph);
end $$;

create or replace function iflow_step_prerequisites(p_step text) returns text[]
language plpgsql stable as $$
begin
  return coalesce((select array(select jsonb_array_elements_text(prerequisites->p_step)) from iflow_step_graph), '{}');
end $$;

create or replace function iflow_step_parallel(p_step text) returns boolean
language plpgsql stable as $$
begin
  return coalesce((select p_step = any(parallel) from iflow_step_graph), false);
end $$;

-- The completed steps of p_state plus p_step, in step order: a loop of plain expressions over
-- the order instead of a query (a SQL function with FROM is planned at every call). A name that
-- is not in p_order (none is written: analysis_steps.step references iflow_steps) takes the
-- former query, which puts it last.
create or replace function iflow_completed_with(p_state jsonb, p_step text, p_order text[])
returns jsonb language plpgsql immutable as $$
declare
  v_done jsonb := coalesce(p_state->'completedSteps', '[]') || to_jsonb(p_step);
  v_out jsonb := '[]';
  s text;
begin
  if not to_jsonb(p_order) @> v_done then
    return (select jsonb_agg(x.s order by array_position(p_order, x.s))
            from (select distinct e.s from jsonb_array_elements_text(v_done) as e(s)) x);
  end if;
  foreach s in array p_order loop
    if v_done ? s then
      v_out := v_out || to_jsonb(s);
    end if;
  end loop;
  return v_out;
end $$;

-- 20261203100001's, with the step order read once (it was read again for every row it sorted)
-- and the merged completedSteps built by iflow_completed_with's loop
create or replace function iflow_job_state(p_job uuid, p_run integer, p_state jsonb)
returns jsonb language plpgsql stable as $$
declare
  v_state jsonb := coalesce(p_state, '{}');
  v_order text[] := iflow_step_order();
  v_done jsonb := coalesce(p_state->'completedSteps', '[]');
  v_folded boolean := false;
  v_out jsonb := '[]';
  s text;
  r record;
begin
  for r in select s.step, s.state from analysis_steps s
           where s.analysis_job_id = p_job and s.run_no = p_run and s.status = 'completed'
             and s.state is not null
           order by array_position(v_order, s.step) loop
    v_state := v_state || r.state;
    v_done := v_done || to_jsonb(r.step);
    v_folded := true;
  end loop;
  if not v_folded then
    return v_state;
  end if;
  if not to_jsonb(v_order) @> v_done then
    return v_state || jsonb_build_object('completedSteps', (
      select coalesce(jsonb_agg(x.s order by array_position(v_order, x.s)), '[]')
      from (select distinct e.s from jsonb_array_elements_text(v_done) as e(s)) x));
  end if;
  foreach s in array v_order loop
    if v_done ? s then
      v_out := v_out || to_jsonb(s);
    end if;
  end loop;
  return v_state || jsonb_build_object('completedSteps', v_out);
end $$;

-- 20261203100001's, with the graph read once from iflow_step_graph, the prerequisites checked by
-- one containment test (their names are listed only when one is missing) and the completed
-- steps computed once
create or replace function iflow_complete_step(p_job uuid, p_run integer, p_step text,
                                               p_state jsonb, p_result jsonb)
returns void language plpgsql as $$
declare
  g iflow_step_graph;
  v_parallel boolean;
  v_missing text;
  v_state jsonb;
  v_done jsonb;
begin
  select * into g from iflow_step_graph;
  v_parallel := coalesce(p_step = any(g.parallel), false);
  select iflow_job_state(p_job, p_run, j.workflow_state) into v_state from analysis_jobs j where j.id = p_job;
  if not coalesce(v_state->'completedSteps', '[]') @> coalesce(g.prerequisites->p_step, '[]') then
    select string_agg(s, ', ') into v_missing
    from unnest(iflow_step_prerequisites(p_step)) s
    where not coalesce(v_state->'completedSteps', '[]') ? s;
    raise exception 'cannot commit % of analysis job %: steps not complete: %', p_step, p_job, v_missing
      using errcode = 'IFBAD';
  end if;

  update analysis_steps set status = 'completed', progress = 100, finished_at = now(), error = null,
    duration_ms = (extract(epoch from now() - started_at) * 1000)::int, result = p_result,
    status_line = 'done', state = case when v_parallel then coalesce(p_state, '{}') end
  where analysis_job_id = p_job and run_no = p_run and step = p_step;
  if not found then
    insert into analysis_steps (analysis_job_id, run_no, step, status, attempts, progress,
                                started_at, finished_at, duration_ms, result, state)
    values (p_job, p_run, p_step, 'completed', 1, 100, now(), now(), 0, p_result,
            case when v_parallel then coalesce(p_state, '{}') end);
  end if;
  -- a parallel step leaves the job row alone: its siblings' commits would queue on it
  if v_parallel then
    return;
  end if;

  -- a sequential step folds in the parallel steps' parts. Its fence holds the row `for update`
  -- (iflow_fence), so no parallel commit (`for key share`) has landed since v_state was read
  v_done := iflow_completed_with(v_state, p_step, g.step_order);
  update analysis_jobs set
    workflow_state = v_state || p_state || jsonb_build_object('completedSteps', v_done, 'lastUpdated', now()),
    progress = (100 * jsonb_array_length(v_done) / cardinality(g.step_order)),
    status_line = p_step || ': done',
    updated_at = now()
  where id = p_job;
end $$;
