-- Orchestration speed and flat cost with project size (issue 12): three lookups of the step
-- path read a whole table, with a plan that Postgres keeps per connection.
--
-- 1. commit_transcribe and commit_evidence asked `exists (select 1 from utterances|evidence
--    where interview_id = ...)` to choose between a first write and a rewrite. Postgres plans an
--    EXISTS for its first row and, expecting an interview's rows spread through the table, picks
--    a sequential scan (checked: the cached generic plan after 300 interviews is `Seq Scan on
--    utterances`); for a new interview there is no row, so every first commit read the whole
--    table: O(all utterances / all evidence) per interview. The first row in the unique key's
--    order (interview_id, idx / evidence_key) is read from that index instead.
-- 2. A step row is found by (analysis_job_id, run_no, step), its primary key, but the index on
--    `step` alone (for the foreign key to iflow_steps) matched too, and plans made while the
--    table was small kept it: every commit's step-row update and iflow_step_done then walked all
--    rows of that step (auto_explain on the bench: `Index Scan using analysis_steps_step_idx` in
--    85 of 85 sampled updates; 78 buffer reads per update after 400 interviews). The index on
--    step now carries the job too, so whichever index a plan picks, it finds the run's rows.
-- 3. commit_evidence joined the quotes to the project's people with a plain join, which a plan
--    may do as a hash join over all the project's people; each quote now looks up its speaker's
--    row by the unique (project_id, person_key) key.
-- Same results; the function bodies are 20261203200002's with those lines changed.

drop index if exists analysis_steps_step_idx;
create index analysis_steps_step_job_idx on analysis_steps (step, analysis_job_id);

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
  -- the first utterance in key order, not `exists`: see the header
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

  -- the first quote in key order, not `exists`: see the header
  if (select e.evidence_key from evidence e where e.interview_id = v.interview_id
      order by e.evidence_key limit 1) is not null then
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
    delete from evidence where interview_id = v.interview_id
      and evidence_key not in (select e->>'key' from jsonb_array_elements(p->'evidence') e);
  else
    insert into evidence (account_id, project_id, interview_id, evidence_key, person_id, utterance_idx,
                          speaker, verbatim, gist, start_ms, end_ms, anchor, confidence, facets)
    select v.account_id, v.project_id, v.interview_id, e->>'key', pe.id, (e->>'utteranceIdx')::int,
           e->>'speaker', e->>'verbatim', e->>'gist', (e->>'startMs')::int, (e->>'endMs')::int,
           e->>'anchor', (e->>'confidence')::real, coalesce(e->'facets', '[]')
    from jsonb_array_elements(p->'evidence') e
    left join lateral (select p2.id from people p2
                       where p2.project_id = v.project_id
                         and p2.person_key = v.interview_id::text || '/' || (e->>'speaker')
                       limit 1) pe on true;
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
