-- Orchestration speed (issue 12): concurrent interviews of one project no longer queue on the
-- shared theme and persona rows. Before, every insights/personas commit ran
-- `insert ... on conflict do update` on rows all interviews share, which locks them until the
-- commit ends, so commits of a project ran one at a time. Now an existing theme is only read,
-- and a persona is rewritten only when its description, goals or pains change. Same outputs
-- otherwise (themes no longer get updated_at bumped by a mere re-use).

create or replace function commit_insights(p_job uuid, p_run integer, p jsonb)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs := iflow_fence(p_job, p_run);
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
  v analysis_jobs := iflow_fence(p_job, p_run);
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
