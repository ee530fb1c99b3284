-- Tidy SQL (issue 14): one name-key function instead of the same expression in five places, and
-- the indexes the foreign keys and per-interview deletes were missing.

-- How names and questions are matched: case, surrounding and repeated whitespace ignored. The
-- unique (project_id, name_key) / (project_id, question_key) constraints use it, so concurrent
-- interviews share one theme, persona or question.
create or replace function iflow_name_key(p_text text) returns text
language sql immutable parallel safe as $$
  select lower(regexp_replace(btrim(p_text), '\s+', ' ', 'g'))
$$;
revoke execute on function iflow_name_key(text) from public;
grant execute on function iflow_name_key(text) to service_role, authenticated;

-- An index led by every foreign key (test/store/foreign-key-indexes.test.ts): commit_personas
-- deletes by interview, and deleting evidence, people, questions or interviews cascades to these
-- tables, which would otherwise be scanned whole.
create index if not exists persona_assignments_interview_idx on persona_assignments(interview_id);
create index if not exists persona_assignments_person_idx on persona_assignments(person_id);
create index if not exists theme_evidence_evidence_idx on theme_evidence(evidence_id);
create index if not exists project_answer_evidence_evidence_idx on project_answer_evidence(evidence_id);
create index if not exists analytics_events_interview_idx on analytics_events(interview_id);
create index if not exists evidence_person_idx on evidence(person_id);
create index if not exists interview_people_person_idx on interview_people(person_id);
create index if not exists project_answers_question_idx on project_answers(question_id);
create index if not exists analysis_steps_step_idx on analysis_steps(step);

-- The three functions that computed the key, as in 20261124000002_runs.sql and
-- 20261124000003_step_commits.sql, with iflow_name_key() in place of the expression.

create or replace function create_interview(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_account uuid := (p->>'accountId')::uuid;
  v_project uuid := (p->>'projectId')::uuid;
  v_interview uuid;
  v_job uuid;
  v_q text;
  v_pos integer := 0;
begin
  if v_account is null or v_project is null then
    raise exception 'accountId and projectId are required' using errcode = 'IFBAD';
  end if;
  insert into projects (id, account_id) values (v_project, v_account) on conflict (id) do nothing;
  if exists (select 1 from projects where id = v_project and account_id <> v_account) then
    raise exception 'project % belongs to another account', v_project using errcode = 'IFBAD';
  end if;

  insert into interviews (account_id, project_id, title, source, raw_transcript, interviewers,
                          custom_instructions, metadata)
  values (v_account, v_project, p->>'title', coalesce(p->'source', '{"kind":"transcript"}'),
          p->>'rawTranscript',
          coalesce(array(select jsonb_array_elements_text(p->'interviewers')), '{}'),
          p->>'customInstructions', coalesce(p->'metadata', '{}'))
  returning id into v_interview;

  for v_q in select jsonb_array_elements_text(coalesce(p->'questions', '[]')) loop
    v_pos := v_pos + 1;
    insert into project_questions (account_id, project_id, question, question_key, position)
    values (v_account, v_project, btrim(v_q), iflow_name_key(v_q),
            (select coalesce(max(position), 0) + 1 from project_questions where project_id = v_project))
    on conflict (project_id, question_key) do nothing;
  end loop;

  insert into analysis_jobs (interview_id, account_id, project_id, workflow_state)
  values (v_interview, v_account, v_project,
          jsonb_build_object('interviewId', v_interview, 'completedSteps', '[]'::jsonb,
                             'currentStep', null, 'lastUpdated', now()))
  returning id into v_job;

  return jsonb_build_object('interviewId', v_interview, 'analysisJobId', v_job);
end $$;

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
           order by iflow_name_key(x->>'name') loop
    -- the unique (project_id, name_key) index makes concurrent interviews share one theme
    insert into themes (account_id, project_id, name, name_key, statement, inclusion_criteria)
    values (v.account_id, v.project_id, t->>'name',
            iflow_name_key(t->>'name'),
            t->>'statement', coalesce(t->>'inclusionCriteria', ''))
    on conflict (project_id, name_key) do update set updated_at = now()
    returning id into v_theme;
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
           order by iflow_name_key(y->>'name') loop
    insert into personas (account_id, project_id, name, name_key, description, goals, pains)
    values (v.account_id, v.project_id, x->>'name',
            iflow_name_key(x->>'name'),
            coalesce(x->>'description', ''), coalesce(x->'goals', '[]'), coalesce(x->'pains', '[]'))
    on conflict (project_id, name_key) do update set description = excluded.description,
      goals = excluded.goals, pains = excluded.pains, updated_at = now()
    returning id into v_persona;
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
