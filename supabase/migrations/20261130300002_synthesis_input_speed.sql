-- load_synthesis_input without per-row subqueries: evidence counts per participant and evidence
-- ids per answer are grouped once (a 1,000-interview project read in seconds, not a minute).
create or replace function load_synthesis_input(p_project uuid) returns jsonb
language sql stable as $$
  with iv as (
    select i.id, md5(coalesce(i.transcript, i.raw_transcript, i.id::text)) as key, i.title
    from interviews i where i.project_id = p_project and i.status = 'ready'
  ), part as (
    select ip.person_id, ip.interview_id, ip.speaker, pe.name, iv.key || '/' || ip.speaker as key
    from interview_people ip join iv on iv.id = ip.interview_id join people pe on pe.id = ip.person_id
    where ip.role = 'participant'
  ), ev as (
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
    select person_id, jsonb_object_agg(kind, n) as counts from (
      select ev.person_id, f->>'kind' as kind, count(distinct ev.id) as n
      from ev cross join lateral jsonb_array_elements(ev.facets) f group by 1, 2) x
    group by person_id
  )
  select jsonb_build_object(
    'projectId', p_project,
    'customInstructions', (select custom_instructions from projects where id = p_project),
    'questions', (select coalesce(jsonb_agg(jsonb_build_object('id', q.id, 'text', q.question,
        'position', q.position) order by q.position, q.id), '[]')
      from project_questions q where q.project_id = p_project),
    'interviews', (select coalesce(jsonb_agg(jsonb_build_object('id', id, 'key', key, 'title', title)
        order by key, id), '[]') from iv),
    'participants', (select coalesce(jsonb_agg(jsonb_build_object('personId', part.person_id,
        'interviewId', part.interview_id, 'key', part.key, 'name', part.name,
        'evidenceCount', coalesce(uc.n, 0),
        'facetCounts', coalesce(fc.counts, '{}')) order by part.key), '[]')
      from part left join facet_counts fc on fc.person_id = part.person_id
      left join unit_counts uc on uc.person_id = part.person_id),
    'evidence', (select coalesce(jsonb_agg(jsonb_build_object('id', id, 'interviewId', interview_id,
        'personId', person_id, 'key', key, 'verbatim', verbatim, 'gist', gist,
        'confidence', confidence, 'facets', facets, 'question', coalesce(question, ''))
        order by key), '[]') from ev),
    'codes', (select coalesce(jsonb_agg(jsonb_build_object('interviewId', c.interview_id,
        'name', c.name, 'statement', c.statement, 'evidenceIds', c.ids) order by c.name, c.interview_id), '[]')
      from (select te.interview_id, t.name, t.statement, jsonb_agg(te.evidence_id order by te.evidence_id) as ids
            from theme_evidence te join themes t on t.id = te.theme_id join iv on iv.id = te.interview_id
            where te.project_id = p_project group by te.interview_id, t.id, t.name, t.statement) c),
    'answers', (select coalesce(jsonb_agg(jsonb_build_object('id', pa.id, 'interviewId', pa.interview_id,
        'questionId', pa.question_id, 'status', pa.status, 'answer', pa.answer_text,
        'confidence', pa.confidence,
        'evidenceIds', coalesce(ae.ids, '[]'))
        order by pa.question_id, pa.interview_id), '[]')
      from project_answers pa join iv on iv.id = pa.interview_id
      left join (select pae.answer_id, jsonb_agg(pae.evidence_id order by pae.evidence_id) as ids
                 from project_answer_evidence pae where pae.project_id = p_project group by pae.answer_id) ae
        on ae.answer_id = pa.id)
  )
$$;

-- The synthesis readers are stable (they cannot write) and run with the caller's rights, so RLS
-- scopes them: like every reader, callable by `authenticated` for its own account and by the
-- service role; the writers (begin/commit/fail/record) stay service-role only.
do $$
declare f text;
begin
  foreach f in array array['load_synthesis_input(uuid)', 'get_project_synthesis(uuid)',
    'list_synthesis_runs(uuid, integer)', 'get_project(uuid)', 'get_job_project(uuid)',
    'iflow_synthesis_run_json(synthesis_runs)', 'iflow_quote_json(uuid)'] loop
    execute format('revoke execute on function %s from public', f);
    execute format('grant execute on function %s to authenticated, service_role', f);
  end loop;
end $$;
