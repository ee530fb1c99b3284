-- Postgres CPU per interview (issue 12): the step-input cache (interview_inputs, 2026120520001)
-- is built once per commit, and a step start reads only the cached columns it needs.
--
-- 1. Its statement triggers rebuilt an interview's jsonb after every statement that wrote the
--    rows, so a re-commit built it up to three times (an upsert fires the insert and the update
--    statement triggers, then the delete of rows no longer produced). commit_transcribe and
--    commit_evidence now turn the triggers off for their own writes (`iflow.step_inputs_deferred`,
--    a transaction-local setting the triggers' WHEN reads, so the trigger function is not even
--    called) and build the value once after them (iflow_build_step_inputs). Any other writer of
--    utterances or evidence still has the triggers rebuild it, as before. A commit that fails
--    rolls back the setting with everything else.
-- 2. commit_evidence had two near-copies of its insert (a plain one for a first commit, the
--    upsert for a re-run): one upsert now serves both, and the delete of quotes no longer
--    produced runs only on a re-run. The plain insert saved the upsert's second trigger firing
--    and per-row conflict check; with the triggers off for the commit the firing is gone, and
--    the conflict check of a first commit's quotes is measured in the commit message.
--    commit_transcribe keeps its two paths (many more rows per interview).
-- 3. iflow_step_inputs read the whole cache row (`select *` into a row variable de-TOASTs every
--    column) when a step wanted one of the two values; it now fetches only those it reads.

create or replace function iflow_build_step_inputs(p_interview uuid, p_utterances boolean, p_evidence boolean)
returns void language plpgsql as $$
begin
  if p_utterances and p_evidence then
    insert into interview_inputs (interview_id, utterances, evidence)
    values (p_interview, load_utterances(p_interview), load_evidence(p_interview))
    on conflict (interview_id) do update set utterances = excluded.utterances, evidence = excluded.evidence;
  elsif p_utterances then
    insert into interview_inputs (interview_id, utterances) values (p_interview, load_utterances(p_interview))
    on conflict (interview_id) do update set utterances = excluded.utterances;
  elsif p_evidence then
    insert into interview_inputs (interview_id, evidence) values (p_interview, load_evidence(p_interview))
    on conflict (interview_id) do update set evidence = excluded.evidence;
  end if;
end $$;
revoke execute on function iflow_build_step_inputs(uuid, boolean, boolean) from public;

-- the row-set triggers of 2026120520001, skipped while a commit function builds the value itself
do $$
declare
  t text;
  k text;
begin
  foreach t in array array['utterances', 'evidence'] loop
    foreach k in array array['inserted', 'updated', 'deleted'] loop
      execute format('drop trigger if exists iflow_%s_%s on %I', t, k, t);
      execute format('create trigger iflow_%s_%s after %s on %I %s for each statement '
                     'when (current_setting(''iflow.step_inputs_deferred'', true) is distinct from ''on'') '
                     'execute function iflow_refresh_step_inputs()',
                     t, k, case k when 'inserted' then 'insert' when 'updated' then 'update' else 'delete' end, t,
                     case k when 'inserted' then 'referencing new table as changed_rows'
                            when 'updated' then 'referencing old table as old_rows new table as changed_rows'
                            else 'referencing old table as changed_rows' end);
    end loop;
  end loop;
end $$;

-- 2026120520001's, fetching only the cached values the step reads
create or replace function iflow_step_inputs(p_interview uuid, p_project uuid, p_reads text[])
returns jsonb language plpgsql stable as $$
declare
  r jsonb := '{}';
  x text;
  v_utterances jsonb;
  v_evidence jsonb;
begin
  if p_reads && array['utterances', 'evidence'] then
    select case when 'utterances' = any (p_reads) then c.utterances end,
           case when 'evidence' = any (p_reads) then c.evidence end
    into v_utterances, v_evidence
    from interview_inputs c where c.interview_id = p_interview;
  end if;
  foreach x in array coalesce(p_reads, '{}') loop
    if not (x = any (array['utterances', 'evidence', 'people', 'questions', 'projectPersonas', 'report', 'summaryFacts'])) then
      raise exception 'unknown step input %', x using errcode = 'IFBAD';
    end if;
    r := r || jsonb_build_object(x, case x
      when 'utterances' then coalesce(v_utterances, load_utterances(p_interview))
      when 'evidence' then coalesce(v_evidence, load_evidence(p_interview))
      when 'people' then load_people(p_interview)
      when 'questions' then load_questions(p_interview)
      when 'projectPersonas' then load_project_personas(p_project)
      when 'report' then get_interview_report(p_interview)
      when 'summaryFacts' then load_summary_facts(p_interview)
    end);
  end loop;
  return r;
end $$;

-- 20261204100003's commit_transcribe and 2026120520002's commit_evidence with the cache built once

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
  perform set_config('iflow.step_inputs_deferred', 'on', true);
  -- the first utterance in key order, not `exists`: see 20261204100003
  if (select u.idx from utterances u where u.interview_id = v.interview_id order by u.idx limit 1) is not null then
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
  perform set_config('iflow.step_inputs_deferred', 'off', true);
  perform iflow_build_step_inputs(v.interview_id, true, false);

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
  v_rewrite boolean;
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
  -- each speaker's person by the unique key, not a join a plan may hash over the project's people
  insert into interview_people (interview_id, person_id, account_id, project_id, role, speaker)
  select v.interview_id, pe.id, v.account_id, v.project_id, x->>'role', x->>'speaker'
  from jsonb_array_elements(p->'people') x
  cross join lateral (select p2.id from people p2
                      where p2.project_id = v.project_id
                        and p2.person_key = v.interview_id::text || '/' || (x->>'speaker')
                      limit 1) pe;

  -- the first quote in key order, not `exists`: see 20261204100003
  v_rewrite := (select e.evidence_key from evidence e where e.interview_id = v.interview_id
                order by e.evidence_key limit 1) is not null;
  perform set_config('iflow.step_inputs_deferred', 'on', true);
  insert into evidence (account_id, project_id, interview_id, evidence_key, person_id, utterance_idx,
                        speaker, verbatim, gist, start_ms, end_ms, anchor, confidence, facets)
  select v.account_id, v.project_id, v.interview_id, e->>'key', pe.id, (e->>'utteranceIdx')::int,
         e->>'speaker', e->>'verbatim', e->>'gist', (e->>'startMs')::int, (e->>'endMs')::int,
         e->>'anchor', (e->>'confidence')::real, coalesce(e->'facets', '[]')
  from jsonb_array_elements(p->'evidence') e
  left join lateral (select p2.id from people p2
                     where p2.project_id = v.project_id
                       and p2.person_key = v.interview_id::text || '/' || (e->>'speaker')
                     limit 1) pe on true
  on conflict (interview_id, evidence_key) do update set person_id = excluded.person_id,
    utterance_idx = excluded.utterance_idx, speaker = excluded.speaker,
    verbatim = excluded.verbatim, gist = excluded.gist, start_ms = excluded.start_ms,
    end_ms = excluded.end_ms, anchor = excluded.anchor, confidence = excluded.confidence,
    facets = excluded.facets, updated_at = now();
  if v_rewrite then
    delete from evidence where interview_id = v.interview_id
      and evidence_key not in (select e->>'key' from jsonb_array_elements(p->'evidence') e);
  end if;
  perform set_config('iflow.step_inputs_deferred', 'off', true);
  perform iflow_build_step_inputs(v.interview_id, false, true);

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
