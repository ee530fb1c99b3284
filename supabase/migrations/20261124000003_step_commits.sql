-- One function per step: each writes the step's outputs, the ledger row and the workflow_state
-- merge in ONE transaction, fenced by run number. A duplicate delivery of a step that this run
-- already committed changes nothing and returns the stored result. Re-runs replace the step's
-- previous output for the interview inside the same transaction (upsert by stable keys, then
-- delete what is no longer produced), so nothing is ever half-deleted.

create or replace function iflow_stored_result(p_job uuid, p_run integer, p_step text)
returns jsonb language sql stable as $$
  select result from analysis_steps where analysis_job_id = p_job and run_no = p_run and step = p_step
$$;

create or replace function commit_transcribe(p_job uuid, p_run integer, p jsonb)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs := iflow_fence(p_job, p_run);
  v_count integer := jsonb_array_length(p->'utterances');
  v_result jsonb;
begin
  if iflow_step_done(p_job, p_run, 'transcribe') then
    return iflow_stored_result(p_job, p_run, 'transcribe');
  end if;
  insert into utterances (interview_id, idx, account_id, project_id, speaker, role, start_ms,
                          end_ms, text, words, timing)
  select v.interview_id, (u->>'index')::int, v.account_id, v.project_id, u->>'speaker', u->>'role',
         (u->>'startMs')::int, (u->>'endMs')::int, u->>'text', u->'words', u->>'timing'
  from jsonb_array_elements(p->'utterances') u
  on conflict (interview_id, idx) do update set speaker = excluded.speaker, role = excluded.role,
    start_ms = excluded.start_ms, end_ms = excluded.end_ms, text = excluded.text,
    words = excluded.words, timing = excluded.timing;
  delete from utterances where interview_id = v.interview_id and idx >= v_count;

  update interviews set transcript = p->>'transcript', duration_ms = (p->>'durationMs')::int,
    updated_at = now()
  where id = v.interview_id;

  -- planned answers: one per project question, answered by the answers step
  insert into project_answers (account_id, project_id, interview_id, question_id, status)
  select v.account_id, v.project_id, v.interview_id, q.id, 'planned'
  from project_questions q where q.project_id = v.project_id
  on conflict (interview_id, question_id) do nothing;

  v_result := jsonb_build_object('utteranceCount', v_count,
    'participantTurns', (select count(*) from jsonb_array_elements(p->'utterances') u
                         where u->>'role' = 'participant'),
    'durationMs', (p->>'durationMs')::int, 'provider', p->>'provider');
  perform iflow_complete_step(p_job, p_run, 'transcribe',
    jsonb_build_object('utteranceCount', v_count), v_result);
  return v_result;
end $$;

create or replace function commit_evidence(p_job uuid, p_run integer, p jsonb)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs := iflow_fence(p_job, p_run);
  v_result jsonb;
begin
  if iflow_step_done(p_job, p_run, 'evidence') then
    return iflow_stored_result(p_job, p_run, 'evidence');
  end if;
  -- people: one per speaker of this interview
  insert into people (account_id, project_id, person_key, name)
  select v.account_id, v.project_id, v.interview_id::text || '/' || (x->>'speaker'), x->>'name'
  from jsonb_array_elements(p->'people') x
  on conflict (project_id, person_key) do update set name = excluded.name;

  delete from interview_people where interview_id = v.interview_id;
  insert into interview_people (interview_id, person_id, account_id, project_id, role, speaker)
  select v.interview_id, pe.id, v.account_id, v.project_id, x->>'role', x->>'speaker'
  from jsonb_array_elements(p->'people') x
  join people pe on pe.project_id = v.project_id
                and pe.person_key = v.interview_id::text || '/' || (x->>'speaker');

  insert into evidence (account_id, project_id, interview_id, evidence_key, person_id, utterance_idx,
                        speaker, verbatim, gist, start_ms, end_ms, anchor, confidence, facets)
  select v.account_id, v.project_id, v.interview_id, e->>'key', pe.id, (e->>'utteranceIdx')::int,
         e->>'speaker', e->>'verbatim', e->>'gist', (e->>'startMs')::int, (e->>'endMs')::int,
         e->>'anchor', (e->>'confidence')::real, coalesce(e->'facets', '[]')
  from jsonb_array_elements(p->'evidence') e
  left join people pe on pe.project_id = v.project_id
                     and pe.person_key = v.interview_id::text || '/' || (e->>'speaker')
  on conflict (interview_id, evidence_key) do update set person_id = excluded.person_id,
    utterance_idx = excluded.utterance_idx, speaker = excluded.speaker,
    verbatim = excluded.verbatim, gist = excluded.gist, start_ms = excluded.start_ms,
    end_ms = excluded.end_ms, anchor = excluded.anchor, confidence = excluded.confidence,
    facets = excluded.facets, updated_at = now();
  delete from evidence where interview_id = v.interview_id
    and evidence_key not in (select e->>'key' from jsonb_array_elements(p->'evidence') e);

  v_result := jsonb_build_object(
    'evidenceIds', (select coalesce(jsonb_agg(id order by start_ms, evidence_key), '[]')
                    from evidence where interview_id = v.interview_id),
    'personIds', (select coalesce(jsonb_agg(person_id), '[]') from interview_people
                  where interview_id = v.interview_id),
    'stats', coalesce(p->'stats', '{}'));
  perform iflow_complete_step(p_job, p_run, 'evidence',
    jsonb_build_object('evidenceIds', v_result->'evidenceIds', 'personIds', v_result->'personIds'),
    v_result);
  return v_result;
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
           order by lower(regexp_replace(btrim(x->>'name'), '\s+', ' ', 'g')) loop
    -- the unique (project_id, name_key) index makes concurrent interviews share one theme
    insert into themes (account_id, project_id, name, name_key, statement, inclusion_criteria)
    values (v.account_id, v.project_id, t->>'name',
            lower(regexp_replace(btrim(t->>'name'), '\s+', ' ', 'g')),
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
           order by lower(regexp_replace(btrim(y->>'name'), '\s+', ' ', 'g')) loop
    insert into personas (account_id, project_id, name, name_key, description, goals, pains)
    values (v.account_id, v.project_id, x->>'name',
            lower(regexp_replace(btrim(x->>'name'), '\s+', ' ', 'g')),
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

create or replace function commit_answers(p_job uuid, p_run integer, p jsonb)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs := iflow_fence(p_job, p_run);
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

create or replace function commit_finalize(p_job uuid, p_run integer, p jsonb)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs := iflow_fence(p_job, p_run);
  v_result jsonb;
begin
  if iflow_step_done(p_job, p_run, 'finalize') then
    return iflow_stored_result(p_job, p_run, 'finalize');
  end if;
  -- finalize runs only after every other step (e.g. not when a failed child was removed from
  -- Bull Board instead of retried, which releases the parent without it)
  if not (v.workflow_state->'completedSteps' ?& array['transcribe', 'evidence', 'insights', 'personas', 'answers']) then
    raise exception 'cannot finalize analysis job %: steps not complete: %', p_job,
      (select string_agg(s, ', ') from unnest(array['transcribe', 'evidence', 'insights', 'personas', 'answers']) s
       where not v.workflow_state->'completedSteps' ? s)
      using errcode = 'IFBAD';
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
