-- Orchestration speed (issue 12): a step's first commit for an interview inserts its rows
-- plainly instead of upserting them. commit_transcribe (utterances) and commit_evidence (evidence)
-- upsert by stable key so a re-run keeps row ids, links and curation; an upsert (speculative
-- insertion, then the ON CONFLICT check, per row) costs more than a plain insert, and on the
-- first run there is nothing to conflict with. Each now checks once whether the interview has
-- rows of that kind: none, a plain insert; some (a re-run), the upsert and delete as before.
-- commit_insights inserts its links without ON CONFLICT: it has just deleted every link of the
-- interview's evidence (theme_evidence is written by this function only, with the evidence's
-- interview), and the links are grouped by (theme, evidence), so no insert can conflict.
-- The first commit of a step runs under the fence like any other, so no concurrent commit of the
-- same step can insert the same rows between the check and the insert; a duplicate delivery
-- finds the step done and returns the stored result as before. Bodies otherwise those of
-- 20261124000003 (transcribe, evidence) and 20261203200001 (insights).

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
  if exists (select 1 from utterances where interview_id = v.interview_id) then
    insert into utterances (interview_id, idx, account_id, project_id, speaker, role, start_ms,
                            end_ms, text, words, timing)
    select v.interview_id, (u->>'index')::int, v.account_id, v.project_id, u->>'speaker', u->>'role',
           (u->>'startMs')::int, (u->>'endMs')::int, u->>'text', u->'words', u->>'timing'
    from jsonb_array_elements(p->'utterances') u
    on conflict (interview_id, idx) do update set speaker = excluded.speaker, role = excluded.role,
      start_ms = excluded.start_ms, end_ms = excluded.end_ms, text = excluded.text,
      words = excluded.words, timing = excluded.timing;
    delete from utterances where interview_id = v.interview_id and idx >= v_count;
  else
    insert into utterances (interview_id, idx, account_id, project_id, speaker, role, start_ms,
                            end_ms, text, words, timing)
    select v.interview_id, (u->>'index')::int, v.account_id, v.project_id, u->>'speaker', u->>'role',
           (u->>'startMs')::int, (u->>'endMs')::int, u->>'text', u->'words', u->>'timing'
    from jsonb_array_elements(p->'utterances') u;
  end if;

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

  if exists (select 1 from evidence where interview_id = v.interview_id) then
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
  else
    insert into evidence (account_id, project_id, interview_id, evidence_key, person_id, utterance_idx,
                          speaker, verbatim, gist, start_ms, end_ms, anchor, confidence, facets)
    select v.account_id, v.project_id, v.interview_id, e->>'key', pe.id, (e->>'utteranceIdx')::int,
           e->>'speaker', e->>'verbatim', e->>'gist', (e->>'startMs')::int, (e->>'endMs')::int,
           e->>'anchor', (e->>'confidence')::real, coalesce(e->'facets', '[]')
    from jsonb_array_elements(p->'evidence') e
    left join people pe on pe.project_id = v.project_id
                       and pe.person_key = v.interview_id::text || '/' || (e->>'speaker');
  end if;

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
  v analysis_jobs := iflow_fence_sibling(p_job, p_run, 'insights');
  v_ids jsonb;
  v_links integer;
  v_result jsonb;
begin
  if iflow_step_done(p_job, p_run, 'insights') then
    return iflow_stored_result(p_job, p_run, 'insights');
  end if;
  delete from theme_evidence where interview_id = v.interview_id;

  -- the unique (project_id, name_key) index makes concurrent interviews share one theme. An
  -- existing theme is only read, never updated: `do update` would lock the shared row until
  -- this transaction ends and queue every concurrent interview of the project on it.
  insert into themes (account_id, project_id, name, name_key, statement, inclusion_criteria)
  select v.account_id, v.project_id, t.name, t.name_key, t.statement, t.inclusion_criteria
  from (select distinct on (iflow_name_key(x->>'name')) x->>'name' as name,
               iflow_name_key(x->>'name') as name_key, x->>'statement' as statement,
               coalesce(x->>'inclusionCriteria', '') as inclusion_criteria
        from jsonb_array_elements(p->'themes') with ordinality as a(x, ord)
        order by iflow_name_key(x->>'name'), ord) t
  order by t.name_key
  on conflict (project_id, name_key) do nothing;

  with given as (
    select iflow_name_key(x->>'name') as name_key, x->'evidence' as links
    from jsonb_array_elements(p->'themes') x
  ), theme as (
    select th.id, th.name_key from themes th
    where th.project_id = v.project_id and th.name_key in (select name_key from given)
  ), linked as (
    insert into theme_evidence (theme_id, evidence_id, account_id, project_id, interview_id, confidence)
    select theme.id, ev.id, v.account_id, v.project_id, v.interview_id,
           max(coalesce((l->>'confidence')::real, 0.5))
    from given
    join theme on theme.name_key = given.name_key
    cross join lateral jsonb_array_elements(given.links) l
    join evidence ev on ev.id = (l->>'evidenceId')::uuid and ev.interview_id = v.interview_id
    group by theme.id, ev.id
    returning 1
  )
  select (select coalesce(jsonb_agg(to_jsonb(theme.id) order by theme.name_key), '[]') from theme),
         (select count(*) from linked)
  into v_ids, v_links;

  v_result := jsonb_build_object('insightIds', v_ids, 'links', v_links);
  perform iflow_complete_step(p_job, p_run, 'insights',
    jsonb_build_object('insightIds', v_ids), v_result);
  return v_result;
end $$;
