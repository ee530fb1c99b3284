-- Reads for the researcher's report (issue 10): one project's questions with every interview's
-- answer, themes with prevalence, personas with members, and the quotes they cite, in one call;
-- and an interview's media source, so the API can serve its recording.

create or replace function get_project_report(p_project uuid) returns jsonb
language sql stable as $$
  select jsonb_build_object('id', p.id, 'accountId', p.account_id, 'name', p.name,
    'createdAt', p.created_at,
    'interviews', (select coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'title', i.title,
        'status', i.status, 'durationMs', i.duration_ms, 'createdAt', i.created_at,
        'hasMedia', i.source->>'kind' in ('media', 'url'),
        'analysisJobId', j.id, 'jobStatus', j.status,
        'participants', (select coalesce(jsonb_agg(pe.name order by ip.speaker), '[]')
                         from interview_people ip join people pe on pe.id = ip.person_id
                         where ip.interview_id = i.id and ip.role = 'participant'))
        order by i.created_at, i.id), '[]')
      from interviews i left join analysis_jobs j on j.interview_id = i.id
      where i.project_id = p.id),
    'questions', (select coalesce(jsonb_agg(jsonb_build_object('id', q.id, 'text', q.question,
        'answers', (select coalesce(jsonb_agg(jsonb_build_object('interviewId', a.interview_id,
            'status', a.status, 'answer', a.answer_text, 'confidence', a.confidence,
            'evidenceIds', (select coalesce(jsonb_agg(ae.evidence_id order by e.start_ms), '[]')
                            from project_answer_evidence ae join evidence e on e.id = ae.evidence_id
                            where ae.answer_id = a.id))
            order by a.interview_id), '[]')
          from project_answers a where a.question_id = q.id))
        order by q.position, q.id), '[]')
      from project_questions q where q.project_id = p.id),
    'themes', (select coalesce(jsonb_agg(x order by (x->>'interviewCount')::int desc,
        (x->>'participantCount')::int desc, x->>'name'), '[]') from (
        select jsonb_build_object('id', t.id, 'name', t.name, 'statement', t.statement,
          'interviewCount', count(distinct te.interview_id),
          'participantCount', count(distinct e.person_id),
          'evidenceIds', jsonb_agg(e.id order by te.confidence desc, e.interview_id, e.start_ms)) x
        from themes t join theme_evidence te on te.theme_id = t.id
        join evidence e on e.id = te.evidence_id
        where t.project_id = p.id group by t.id, t.name, t.statement) th),
    'personas', (select coalesce(jsonb_agg(jsonb_build_object('id', ps.id, 'name', ps.name,
        'description', ps.description, 'goals', ps.goals, 'pains', ps.pains,
        'members', (select coalesce(jsonb_agg(jsonb_build_object('personId', pa.person_id,
            'name', pe.name, 'interviewId', pa.interview_id, 'evidenceIds', to_jsonb(pa.evidence_ids))
            order by pe.name, pa.interview_id), '[]')
          from persona_assignments pa join people pe on pe.id = pa.person_id
          where pa.persona_id = ps.id))
        order by ps.name_key), '[]')
      from personas ps where ps.project_id = p.id),
    'evidence', (select coalesce(jsonb_agg(jsonb_build_object('id', e.id, 'interviewId', e.interview_id,
        'personId', e.person_id, 'speaker', e.speaker, 'personName', pe.name,
        'verbatim', e.verbatim, 'gist', e.gist, 'startMs', e.start_ms, 'endMs', e.end_ms,
        'confidence', e.confidence)
        order by e.interview_id, e.start_ms, e.evidence_key), '[]')
      from evidence e left join people pe on pe.id = e.person_id
      where e.project_id = p.id))
  from projects p where p.id = p_project
$$;

create or replace function get_interview_media(p_interview uuid) returns jsonb
language sql stable as $$
  select jsonb_build_object('interviewId', i.id, 'accountId', i.account_id, 'projectId', i.project_id,
    'source', i.source)
  from interviews i where i.id = p_interview
$$;

-- Only the service role (API and workers) calls these; RLS-scoped users read the tables.
revoke execute on function get_project_report(uuid) from public;
revoke execute on function get_interview_media(uuid) from public;
grant execute on function get_project_report(uuid) to service_role;
grant execute on function get_interview_media(uuid) to service_role;
