-- One step table for SQL (issue 14). The step list and dependencies were written in four places
-- here (iflow_step_order, iflow_step_deps, a CHECK on analysis_steps.step, the list in
-- commit_finalize) and a literal step count three times in begin_run / iflow_complete_step.
-- Now they are rows of `iflow_steps`, which mirrors the TypeScript step table
-- (src/domain/steps.ts; test/store/step-table.test.ts asserts they agree). Adding a step is one
-- row here (in a new migration), one row there, one processor and one commit_<step> function.

create table iflow_steps (
  name text primary key,
  -- dependency order: a step comes after everything it depends on
  position integer not null unique,
  depends_on text[] not null default '{}'
);
insert into iflow_steps (name, position, depends_on) values
  ('transcribe', 1, '{}'),
  ('evidence', 2, array['transcribe']),
  ('insights', 3, array['evidence']),
  ('personas', 4, array['evidence']),
  ('answers', 5, array['evidence']),
  ('finalize', 6, array['insights', 'personas', 'answers']);

-- readable by every role (reads order steps by it); written only by migrations
alter table iflow_steps enable row level security;
grant select on iflow_steps to authenticated, service_role;
create policy everyone_reads on iflow_steps for select to authenticated, service_role using (true);

-- the step column names a row of the table instead of repeating the list in a CHECK
alter table analysis_steps drop constraint analysis_steps_step_check;
alter table analysis_steps add constraint analysis_steps_step_fkey
  foreign key (step) references iflow_steps (name);

create or replace function iflow_step_order() returns text[] language sql stable as $$
  select array_agg(name order by position) from iflow_steps
$$;

create or replace function iflow_step_deps(p_step text) returns text[] language sql stable as $$
  select depends_on from iflow_steps where name = p_step
$$;

-- Everything a step depends on, directly or through other steps.
create or replace function iflow_step_prerequisites(p_step text) returns text[]
language sql stable as $$
  with recursive pre(name) as (
    select unnest(depends_on) from iflow_steps where name = p_step
    union
    select unnest(s.depends_on) from iflow_steps s join pre on s.name = pre.name
  )
  select coalesce(array_agg(name order by (select position from iflow_steps where iflow_steps.name = pre.name)), '{}')
  from pre
$$;

create or replace function iflow_step_count() returns integer language sql stable as $$
  select count(*)::int from iflow_steps
$$;

revoke execute on function iflow_step_prerequisites(text), iflow_step_count() from public;
grant execute on function iflow_step_prerequisites(text), iflow_step_count() to service_role, authenticated;

-- begin_run, as in 20261124000002_runs.sql, with two changes: the step count comes from the
-- table, and the lost-run path (p_lost_run) trusts the caller's judgement that the run's flow
-- is lost (src/flows/start-run.ts: its flow was added, or the run is older than the grace there,
-- and no job of it is left in Redis). Both conditions only become true while the run stays
-- current, so checking "still the current run" here keeps two concurrent rebuilds from both
-- winning, and the grace period is defined once, in TypeScript.
create or replace function begin_run(p_job uuid, p_reset text[], p_supersede boolean,
                                     p_lost_run integer default null)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs;
  v_kept text[] := '{}';
  v_step text;
  v_running text;
  v_completed jsonb;
  v_steps integer := iflow_step_count();
begin
  select * into v from analysis_jobs where id = p_job for update;
  if not found then
    raise exception 'analysis job % not found', p_job using errcode = 'IFNFD';
  end if;
  select string_agg(step, ', ') into v_running from analysis_steps
  where analysis_job_id = p_job and run_no = v.current_run and status = 'running';
  if v.current_run > 0 and not p_supersede and not coalesce(p_lost_run = v.current_run, false) then
    if v.status in ('queued', 'running') then
      raise exception 'analysis job % already has a live run (run %, %)', p_job, v.current_run, v.status
        using errcode = 'IFRUN';
    end if;
    if v_running is not null then
      raise exception 'analysis job % has steps still running in run % (%); wait for them or supersede',
        p_job, v.current_run, v_running using errcode = 'IFRUN';
    end if;
  end if;

  -- a step counts as complete only if everything it depends on is complete too
  foreach v_step in array iflow_step_order() loop
    if v.workflow_state->'completedSteps' ? v_step and not (v_step = any(coalesce(p_reset, '{}')))
       and iflow_step_deps(v_step) <@ v_kept then
      v_kept := v_kept || v_step;
    end if;
  end loop;
  v_completed := to_jsonb(v_kept);

  if cardinality(v_kept) = v_steps then
    raise exception 'analysis job % is already complete; pass resumeFrom to run steps again', p_job
      using errcode = 'IFDON';
  end if;

  update analysis_jobs set
    current_run = v.current_run + 1,
    run_started_at = now(),
    status = 'queued',
    error = null,
    current_step = null,
    status_line = 'queued',
    progress = (100 * cardinality(v_kept) / v_steps),
    checkpoints = checkpoints - coalesce(p_reset, '{}'),
    workflow_state = workflow_state || jsonb_build_object(
      'completedSteps', v_completed, 'runNo', v.current_run + 1, 'lastUpdated', now()),
    updated_at = now()
  where id = p_job;
  update interviews set status = 'processing', updated_at = now() where id = v.interview_id;

  return jsonb_build_object('runNo', v.current_run + 1, 'completedSteps', v_completed,
                            'interviewId', v.interview_id);
end $$;

-- iflow_complete_step, as in 20261124000002_runs.sql, with the step count from the table and
-- one guard for every step (it was finalize's alone, with its own list): a step commits only
-- when everything it depends on is complete (e.g. not when a failed child was removed from Bull
-- Board instead of retried, which releases its parent without it). The raise rolls back the
-- whole commit_<step> call.
create or replace function iflow_complete_step(p_job uuid, p_run integer, p_step text,
                                               p_state jsonb, p_result jsonb)
returns void language plpgsql as $$
declare
  v_completed jsonb;
  v_missing text;
begin
  select string_agg(s, ', ') into v_missing
  from analysis_jobs j, unnest(iflow_step_prerequisites(p_step)) s
  where j.id = p_job and not coalesce(j.workflow_state->'completedSteps', '[]') ? s;
  if v_missing is not null then
    raise exception 'cannot commit % of analysis job %: steps not complete: %', p_step, p_job, v_missing
      using errcode = 'IFBAD';
  end if;

  update analysis_steps set status = 'completed', progress = 100, finished_at = now(), error = null,
    duration_ms = (extract(epoch from now() - started_at) * 1000)::int, result = p_result,
    status_line = 'done'
  where analysis_job_id = p_job and run_no = p_run and step = p_step;
  if not found then
    insert into analysis_steps (analysis_job_id, run_no, step, status, attempts, progress,
                                started_at, finished_at, duration_ms, result)
    values (p_job, p_run, p_step, 'completed', 1, 100, now(), now(), 0, p_result);
  end if;

  select jsonb_agg(x.s order by array_position(iflow_step_order(), x.s)) into v_completed
  from (select distinct e.s
        from analysis_jobs j,
             jsonb_array_elements_text(coalesce(j.workflow_state->'completedSteps', '[]')
                                       || to_jsonb(p_step)) as e(s)
        where j.id = p_job) x;

  update analysis_jobs set
    workflow_state = workflow_state || p_state || jsonb_build_object(
      'completedSteps', v_completed, 'lastUpdated', now()),
    progress = (100 * jsonb_array_length(v_completed) / iflow_step_count()),
    status_line = p_step || ': done',
    updated_at = now()
  where id = p_job;
end $$;

-- commit_finalize, as in 20261124000003_step_commits.sql, without its own list of the other
-- steps: iflow_complete_step now refuses a step whose prerequisites are not complete.
create or replace function commit_finalize(p_job uuid, p_run integer, p jsonb)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs := iflow_fence(p_job, p_run);
  v_result jsonb;
begin
  if iflow_step_done(p_job, p_run, 'finalize') then
    return iflow_stored_result(p_job, p_run, 'finalize');
  end if;
  update interviews set status = 'ready', summary = p->>'summary', updated_at = now()
  where id = v.interview_id;
  v_result := jsonb_build_object(
    'evidence', (select count(*) from evidence where interview_id = v.interview_id),
    'insights', (select count(distinct theme_id) from theme_evidence where interview_id = v.interview_id),
    'personas', (select count(*) from persona_assignments where interview_id = v.interview_id),
    'answers', (select count(*) from project_answers where interview_id = v.interview_id
                and status in ('answered', 'partially_answered')),
    'costUsd', (select coalesce(sum(cost_usd), 0) from analysis_steps where analysis_job_id = p_job),
    'tokens', (select coalesce(sum(input_tokens + output_tokens), 0) from analysis_steps
               where analysis_job_id = p_job));
  insert into analytics_events (account_id, project_id, interview_id, analysis_job_id, run_no,
                                event, properties)
  values (v.account_id, v.project_id, v.interview_id, p_job, p_run, 'interview_analyzed', v_result)
  on conflict (analysis_job_id, run_no, event) do nothing;
  perform iflow_complete_step(p_job, p_run, 'finalize', '{}', v_result);
  update analysis_jobs set status = 'completed', current_step = null, progress = 100,
    status_line = 'completed', updated_at = now()
  where id = p_job;
  return v_result;
end $$;
