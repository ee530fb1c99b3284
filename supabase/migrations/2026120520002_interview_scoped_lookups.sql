-- Flat cost with project size (issue 12): two per-interview statements of the step commits read
-- every row of the project's table. Found from pg_stat_user_tables after 1,000 interviews with the
-- instant analyzer (one project): people 1,005 sequential/bitmap reads of 1.56 M rows in all,
-- project_answer_evidence 1,004 sequential scans of 2.5 M rows, both once per interview and
-- growing with the project.
--
-- 1. commit_evidence joined the interview's speakers to `people` by (project_id, person_key)
--    with a plain join; plans made from stale statistics (15 people) hash it over all the
--    project's people. Each speaker's row is now looked up by the unique key (lateral, limit 1),
--    as 20261204100003 did for the quotes.
-- 2. commit_answers deleted the interview's answer links with `using project_answers`, planned as
--    a hash join over a sequential scan of all project_answer_evidence. It now deletes by the
--    interview's answer ids (answer_id = any(array ...)), a lookup in the links' primary key.
-- Same rows written; the bodies are 20261204100003's (evidence) and 20261202800004's (answers)
-- with those statements changed.

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
  -- each speaker's person by the unique key, not a join a plan may hash over the project's people
  insert into interview_people (interview_id, person_id, account_id, project_id, role, speaker)
  select v.interview_id, pe.id, v.account_id, v.project_id, x->>'role', x->>'speaker'
  from jsonb_array_elements(p->'people') x
  cross join lateral (select p2.id from people p2
                      where p2.project_id = v.project_id
                        and p2.person_key = v.interview_id::text || '/' || (x->>'speaker')
                      limit 1) pe;

  -- the first quote in key order, not `exists`: see 20261204100003
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

  -- by the interview's answer ids (the links' primary key), not a join over all the links
  delete from project_answer_evidence
  where answer_id = any (array(select pa.id from project_answers pa
                               where pa.interview_id = v.interview_id));
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
