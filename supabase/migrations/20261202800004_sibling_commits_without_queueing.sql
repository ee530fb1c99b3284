-- Orchestration speed (issue 12): the three parallel steps' commits (insights, personas,
-- answers) no longer queue for each other on the job row. Measured with pg_stat_user_functions
-- over 20 sequential creatives interviews with the local analyzer: iflow_fence's own time was
-- 29 ms per interview (more than all commits' work), nearly all of it waiting for the job row's
-- `for update` lock, which each commit held from its start through its WAL flush, so each
-- sibling's commit and start waited for the others' whole commits in turn.
--
-- What the fence must still give, and how:
-- - no commit of a superseded or cancelled run: the job row is locked `for key share`, which
--   begin_run's and cancel_run's `for update` (and every other iflow_fence) conflict with, so
--   the run cannot change between the check and our commit, as before; siblings' key-share
--   locks do not conflict with each other;
-- - one commit of a step at a time: a transaction-scoped advisory lock on (job, step), so a
--   duplicate commit (two workers on one step) waits and then finds the step done, as before;
-- - the job row's completedSteps: iflow_complete_step computes them inside its UPDATE from the
--   row it updates (the UPDATE waits for a sibling's row update and re-reads its committed
--   version), where it read them in an earlier statement while holding the exclusive lock.
-- transcribe, evidence and finalize keep iflow_fence; the function bodies are otherwise those
-- of 20261130700002 (insights, personas) and 20261124000003 (answers).

create or replace function iflow_fence_sibling(p_job uuid, p_run integer, p_step text)
returns analysis_jobs language plpgsql as $$
declare v analysis_jobs;
begin
  perform pg_advisory_xact_lock(hashtextextended('iflow_commit/' || p_job::text || '/' || p_step, 0));
  select * into v from analysis_jobs where id = p_job for key share;
  if not found then
    raise exception 'analysis job % not found', p_job using errcode = 'IFNFD';
  end if;
  if v.current_run <> p_run then
    raise exception 'run % of analysis job % was superseded by run %', p_run, p_job, v.current_run
      using errcode = 'IFSTL';
  end if;
  if v.status = 'cancelled' then
    raise exception 'analysis job % was cancelled', p_job using errcode = 'IFSTL';
  end if;
  return v;
end $$;

-- the completed steps after p_step completes, in step order (no duplicates)
create or replace function iflow_completed_with(p_state jsonb, p_step text, p_order text[])
returns jsonb language sql immutable as $$
  select jsonb_agg(x.s order by array_position(p_order, x.s))
  from (select distinct e.s
        from jsonb_array_elements_text(coalesce(p_state->'completedSteps', '[]') || to_jsonb(p_step)) as e(s)) x
$$;

create or replace function iflow_complete_step(p_job uuid, p_run integer, p_step text,
                                               p_state jsonb, p_result jsonb)
returns void language plpgsql as $$
declare
  v_missing text;
  v_order text[] := iflow_step_order();
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

  -- computed from the row being updated, not from an earlier read: sibling commits no longer
  -- exclude each other, and an UPDATE that waited for a sibling's re-reads its committed row
  update analysis_jobs j set
    workflow_state = j.workflow_state || p_state || jsonb_build_object(
      'completedSteps', iflow_completed_with(j.workflow_state, p_step, v_order), 'lastUpdated', now()),
    progress = (100 * jsonb_array_length(iflow_completed_with(j.workflow_state, p_step, v_order))
                / cardinality(v_order)),
    status_line = p_step || ': done',
    updated_at = now()
  where id = p_job;
end $$;

create or replace function commit_insights(p_job uuid, p_run integer, p jsonb)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs := iflow_fence_sibling(p_job, p_run, 'insights');
  t jsonb;
  v_theme uuid;
  v_ids jsonb := '[]';
  v_result jsonb;
begin
  if iflow_step_done(p_job, p_run, 'insights') then
    return iflow_stored_result(p_job, p_run, 'insights');
  end if;
  delete from theme_evidence where interview_id = v.interview_id;
  -- a fixed order (by name key) so two interviews upserting the same themes cannot deadlock
  for t in select x from jsonb_array_elements(p->'themes') x
           order by lower(regexp_replace(btrim(x->>'name'), '\s+', ' ', 'g')) loop
    -- the unique (project_id, name_key) index makes concurrent interviews share one theme.
    -- An existing theme is only read, never updated: `do update` would lock the shared row
    -- until this transaction ends and queue every concurrent interview of the project on it.
    v_theme := null;
    insert into themes (account_id, project_id, name, name_key, statement, inclusion_criteria)
    values (v.account_id, v.project_id, t->>'name',
            lower(regexp_replace(btrim(t->>'name'), '\s+', ' ', 'g')),
            t->>'statement', coalesce(t->>'inclusionCriteria', ''))
    on conflict (project_id, name_key) do nothing
    returning id into v_theme;
    if v_theme is null then
      select id into v_theme from themes
      where project_id = v.project_id and name_key = lower(regexp_replace(btrim(t->>'name'), '\s+', ' ', 'g'));
    end if;
    -- only this interview's evidence can be linked; unknown ids are ignored
    insert into theme_evidence (theme_id, evidence_id, account_id, project_id, interview_id, confidence)
    select v_theme, ev.id, v.account_id, v.project_id, v.interview_id,
           max(coalesce((l->>'confidence')::real, 0.5))
    from jsonb_array_elements(t->'evidence') l
    join evidence ev on ev.id = (l->>'evidenceId')::uuid and ev.interview_id = v.interview_id
    group by ev.id
    on conflict (theme_id, evidence_id) do update set confidence = excluded.confidence;
    if not (v_ids @> to_jsonb(v_theme)) then v_ids := v_ids || to_jsonb(v_theme); end if;
  end loop;
  v_result := jsonb_build_object('insightIds', v_ids,
    'links', (select count(*) from theme_evidence where interview_id = v.interview_id));
  perform iflow_complete_step(p_job, p_run, 'insights',
    jsonb_build_object('insightIds', v_ids), v_result);
  return v_result;
end $$;

create or replace function commit_personas(p_job uuid, p_run integer, p jsonb)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs := iflow_fence_sibling(p_job, p_run, 'personas');
  x jsonb;
  v_persona uuid;
  v_ids jsonb := '[]';
  v_result jsonb;
begin
  if iflow_step_done(p_job, p_run, 'personas') then
    return iflow_stored_result(p_job, p_run, 'personas');
  end if;
  delete from persona_assignments where interview_id = v.interview_id;
  for x in select y from jsonb_array_elements(p->'personas') y
           order by lower(regexp_replace(btrim(y->>'name'), '\s+', ' ', 'g')) loop
    -- last writer wins as before, but an unchanged persona is not rewritten: `do update`
    -- locks the shared row until this transaction ends even when nothing changes, which
    -- queues every concurrent interview of the project on it
    v_persona := null;
    insert into personas (account_id, project_id, name, name_key, description, goals, pains)
    values (v.account_id, v.project_id, x->>'name',
            lower(regexp_replace(btrim(x->>'name'), '\s+', ' ', 'g')),
            coalesce(x->>'description', ''), coalesce(x->'goals', '[]'), coalesce(x->'pains', '[]'))
    on conflict (project_id, name_key) do nothing
    returning id into v_persona;
    if v_persona is null then
      update personas set description = coalesce(x->>'description', ''),
        goals = coalesce(x->'goals', '[]'), pains = coalesce(x->'pains', '[]'), updated_at = now()
      where project_id = v.project_id
        and name_key = lower(regexp_replace(btrim(x->>'name'), '\s+', ' ', 'g'))
        and (description, goals, pains) is distinct from
            (coalesce(x->>'description', ''), coalesce(x->'goals', '[]'), coalesce(x->'pains', '[]'))
      returning id into v_persona;
    end if;
    if v_persona is null then
      select id into v_persona from personas
      where project_id = v.project_id and name_key = lower(regexp_replace(btrim(x->>'name'), '\s+', ' ', 'g'));
    end if;
    insert into persona_assignments (persona_id, person_id, interview_id, account_id, project_id,
                                     confidence, evidence_ids)
    select v_persona, ip.person_id, v.interview_id, v.account_id, v.project_id,
           coalesce((a->>'confidence')::real, 0.5),
           coalesce(array(select ev.id from jsonb_array_elements_text(a->'evidenceIds') ei
                          join evidence ev on ev.id = ei::uuid and ev.interview_id = v.interview_id),
                    '{}')
    from jsonb_array_elements(x->'assignments') a
    join interview_people ip on ip.person_id = (a->>'personId')::uuid
                            and ip.interview_id = v.interview_id
    on conflict (persona_id, person_id, interview_id) do nothing;
    if not (v_ids @> to_jsonb(v_persona)) then v_ids := v_ids || to_jsonb(v_persona); end if;
  end loop;
  v_result := jsonb_build_object('personaIds', v_ids,
    'assignments', (select count(*) from persona_assignments where interview_id = v.interview_id));
  perform iflow_complete_step(p_job, p_run, 'personas',
    jsonb_build_object('personaIds', v_ids), v_result);
  return v_result;
end $$;

create or replace function commit_answers(p_job uuid, p_run integer, p jsonb)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs := iflow_fence_sibling(p_job, p_run, 'answers');
  v_result jsonb;
begin
  if iflow_step_done(p_job, p_run, 'answers') then
    return iflow_stored_result(p_job, p_run, 'answers');
  end if;
  update project_answers pa set status = a->>'status', answer_text = a->>'answer',
    confidence = (a->>'confidence')::real, updated_at = now()
  from jsonb_array_elements(p->'answers') a
  where pa.interview_id = v.interview_id and pa.question_id = (a->>'questionId')::uuid;

  delete from project_answer_evidence pae using project_answers pa
  where pae.answer_id = pa.id and pa.interview_id = v.interview_id;
  insert into project_answer_evidence (answer_id, evidence_id, account_id, project_id)
  select distinct pa.id, ev.id, v.account_id, v.project_id
  from jsonb_array_elements(p->'answers') a
  join project_answers pa on pa.interview_id = v.interview_id
                         and pa.question_id = (a->>'questionId')::uuid
  cross join lateral jsonb_array_elements_text(a->'evidenceIds') ei
  join evidence ev on ev.id = ei::uuid and ev.interview_id = v.interview_id;

  v_result := jsonb_build_object(
    'answerIds', (select coalesce(jsonb_agg(id order by id), '[]') from project_answers
                  where interview_id = v.interview_id),
    'answered', (select count(*) from project_answers where interview_id = v.interview_id
                 and status in ('answered', 'partially_answered')));
  perform iflow_complete_step(p_job, p_run, 'answers',
    jsonb_build_object('answerIds', v_result->'answerIds'), v_result);
  return v_result;
end $$;

revoke execute on function iflow_fence_sibling(uuid, integer, text) from public;
grant execute on function iflow_fence_sibling(uuid, integer, text) to service_role;
revoke execute on function iflow_completed_with(jsonb, text, text[]) from public;
grant execute on function iflow_completed_with(jsonb, text, text[]) to service_role;
