-- Synthesis read speed (issues 12 and 16): load_synthesis_input returns `json`, not `jsonb`.
-- Same object, same keys, same order of every list. Profiled on a 1,000-interview project
-- (33,600 evidence units, a 36 MB result): building it as jsonb took about twice as long as
-- json (jsonb_agg/jsonb_build_object parse and sort every key of every object, then the
-- result is printed back to text for the client); json is assembled as text and sent as it
-- is. Also: facet counts per participant are grouped by hash over each unit's distinct kinds
-- (was a sort with count(distinct) that spilled to disk), and the function gets the working
-- memory to sort the evidence by key in memory. The return type changes, so the function is
-- dropped and created again, with its grants.
drop function if exists load_synthesis_input(uuid);

create function load_synthesis_input(p_project uuid) returns json
language sql stable
set work_mem = '64MB'
as $$
  with iv as materialized (
    select i.id, md5(coalesce(i.transcript, i.raw_transcript, i.id::text)) as key, i.title
    from interviews i where i.project_id = p_project and i.status = 'ready'
  ), part as materialized (
    select ip.person_id, ip.interview_id, ip.speaker, pe.name, iv.key || '/' || ip.speaker as key
    from interview_people ip join iv on iv.id = ip.interview_id join people pe on pe.id = ip.person_id
    where ip.role = 'participant'
  ), ev as materialized (
    select e.id, e.interview_id, e.person_id, e.verbatim, e.gist, e.confidence, e.facets,
      iv.key || '/' || lpad(e.start_ms::text, 10, '0') || '-' || lpad(e.end_ms::text, 10, '0')
        || '/' || e.speaker || '/' || left(md5(e.verbatim), 8) as key,
      (select left(u.text, 300) from utterances u
       where u.interview_id = e.interview_id and u.idx < e.utterance_idx and u.role = 'interviewer'
       order by u.idx desc limit 1) as question
    from evidence e join iv on iv.id = e.interview_id
    join part on part.person_id = e.person_id and part.interview_id = e.interview_id
  ), unit_counts as (
    select person_id, count(*) as n from ev group by person_id
  ), facet_counts as (
    -- units of the participant carrying each kind (a unit carrying a kind twice counts once)
    select person_id, json_object_agg(kind, n order by length(kind), kind collate "C") as counts from (
      select ev.person_id, k.kind, count(*) as n
      from ev cross join lateral (select distinct f->>'kind' as kind from jsonb_array_elements(ev.facets) f) k
      group by 1, 2) x
    group by person_id
  )
  select json_build_object(
    'projectId', p_project,
    'customInstructions', (select custom_instructions from projects where id = p_project),
    'questions', (select coalesce(json_agg(json_build_object('id', q.id, 'text', q.question,
        'position', q.position) order by q.position, q.id), '[]')
      from project_questions q where q.project_id = p_project),
    'interviews', (select coalesce(json_agg(json_build_object('id', id, 'key', key, 'title', title)
        order by key, id), '[]') from iv),
    'participants', (select coalesce(json_agg(json_build_object('personId', part.person_id,
        'interviewId', part.interview_id, 'key', part.key, 'name', part.name,
        'evidenceCount', coalesce(uc.n, 0),
        'facetCounts', coalesce(fc.counts, '{}')) order by part.key), '[]')
      from part left join facet_counts fc on fc.person_id = part.person_id
      left join unit_counts uc on uc.person_id = part.person_id),
    'evidence', (select coalesce(json_agg(json_build_object('id', id, 'interviewId', interview_id,
        'personId', person_id, 'key', key, 'verbatim', verbatim, 'gist', gist,
        'confidence', confidence, 'facets', facets, 'question', coalesce(question, ''))
        order by key), '[]') from ev),
    'codes', (select coalesce(json_agg(json_build_object('interviewId', c.interview_id,
        'name', c.name, 'statement', c.statement, 'evidenceIds', c.ids) order by c.name, c.interview_id), '[]')
      from (select te.interview_id, t.name, t.statement, json_agg(te.evidence_id order by te.evidence_id) as ids
            from theme_evidence te join themes t on t.id = te.theme_id join iv on iv.id = te.interview_id
            where te.project_id = p_project group by te.interview_id, t.id, t.name, t.statement) c),
    'answers', (select coalesce(json_agg(json_build_object('id', pa.id, 'interviewId', pa.interview_id,
        'questionId', pa.question_id, 'status', pa.status, 'answer', pa.answer_text,
        'confidence', pa.confidence,
        'evidenceIds', coalesce(ae.ids, '[]'))
        order by pa.question_id, pa.interview_id), '[]')
      from project_answers pa join iv on iv.id = pa.interview_id
      left join (select pae.answer_id, json_agg(pae.evidence_id order by pae.evidence_id) as ids
                 from project_answer_evidence pae where pae.project_id = p_project group by pae.answer_id) ae
        on ae.answer_id = pa.id)
  )
$$;

revoke execute on function load_synthesis_input(uuid) from public;
grant execute on function load_synthesis_input(uuid) to authenticated, service_role;
