-- Read functions: every read the workers and the API make, as JSON in the application's shape.

create or replace function iflow_evidence_json(e evidence) returns jsonb language sql stable as $$
  select jsonb_build_object('id', e.id, 'key', e.evidence_key, 'personId', e.person_id,
    'utteranceId', 'u' || e.utterance_idx, 'speaker', e.speaker, 'verbatim', e.verbatim,
    'gist', e.gist, 'startMs', e.start_ms, 'endMs', e.end_ms, 'anchor', e.anchor,
    'confidence', e.confidence, 'facets', e.facets)
$$;

create or replace function load_job_context(p_job uuid) returns jsonb
language plpgsql stable as $$
declare r jsonb;
begin
  select jsonb_build_object('analysisJobId', j.id, 'interviewId', i.id, 'accountId', i.account_id,
    'projectId', i.project_id, 'currentRun', j.current_run, 'status', j.status,
    'title', i.title, 'source', i.source, 'rawTranscript', i.raw_transcript,
    'interviewers', to_jsonb(i.interviewers),
    'customInstructions', coalesce(i.custom_instructions, p.custom_instructions),
    -- spend so far (every step and run), so a per-interview budget holds across processes
    'spentUsd', (select coalesce(sum(s.cost_usd), 0)::float8 from analysis_steps s
                 where s.analysis_job_id = j.id))
  into r
  from analysis_jobs j join interviews i on i.id = j.interview_id join projects p on p.id = i.project_id
  where j.id = p_job;
  if r is null then
    raise exception 'analysis job % not found', p_job using errcode = 'IFNFD';
  end if;
  return r;
end $$;

create or replace function load_utterances(p_interview uuid) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', 'u' || idx, 'index', idx, 'speaker', speaker,
    'role', role, 'startMs', start_ms, 'endMs', end_ms, 'text', text, 'timing', timing)
    || case when words is null then '{}'::jsonb else jsonb_build_object('words', words) end
    order by idx), '[]')
  from utterances where interview_id = p_interview
$$;

create or replace function load_evidence(p_interview uuid) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(iflow_evidence_json(e) order by e.start_ms, e.evidence_key), '[]')
  from evidence e where e.interview_id = p_interview
$$;

create or replace function load_project_evidence(p_project uuid) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(iflow_evidence_json(e) order by e.interview_id, e.start_ms, e.evidence_key), '[]')
  from evidence e where e.project_id = p_project
$$;

create or replace function load_people(p_interview uuid) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', pe.id, 'name', pe.name, 'role', ip.role,
    'speaker', ip.speaker) order by ip.speaker), '[]')
  from interview_people ip join people pe on pe.id = ip.person_id
  where ip.interview_id = p_interview
$$;

create or replace function load_project_themes(p_project uuid) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', id, 'name', name, 'statement', statement,
    'inclusionCriteria', inclusion_criteria) order by created_at, name_key), '[]')
  from themes where project_id = p_project
$$;

create or replace function load_project_personas(p_project uuid) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', id, 'name', name, 'description', description)
    order by created_at, name_key), '[]')
  from personas where project_id = p_project
$$;

create or replace function load_questions(p_interview uuid) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', q.id, 'text', q.question) order by q.position), '[]')
  from project_answers pa join project_questions q on q.id = pa.question_id
  where pa.interview_id = p_interview
$$;

create or replace function get_analysis_job(p_job uuid) returns jsonb
language sql stable as $$
  select jsonb_build_object('id', j.id, 'interviewId', j.interview_id, 'projectId', j.project_id,
    'status', j.status, 'currentRun', j.current_run, 'currentStep', j.current_step,
    'flowRun', j.flow_run, 'runStartedAt', j.run_started_at,
    'progress', j.progress, 'statusLine', j.status_line, 'error', j.error,
    'completedSteps', coalesce(j.workflow_state->'completedSteps', '[]'),
    'workflowState', j.workflow_state, 'createdAt', j.created_at, 'updatedAt', j.updated_at,
    'usage', (select jsonb_build_object('llmCalls', coalesce(sum(llm_calls), 0),
                'inputTokens', coalesce(sum(input_tokens), 0),
                'outputTokens', coalesce(sum(output_tokens), 0),
                'cachedTokens', coalesce(sum(cached_tokens), 0),
                'costUsd', coalesce(sum(cost_usd), 0)::float8)
              from analysis_steps where analysis_job_id = j.id),
    'steps', (select coalesce(jsonb_agg(jsonb_build_object('step', s.step, 'runNo', s.run_no,
                'status', s.status, 'attempts', s.attempts, 'progress', s.progress,
                'statusLine', s.status_line, 'startedAt', s.started_at, 'finishedAt', s.finished_at,
                'durationMs', s.duration_ms, 'error', s.error, 'model', s.model,
                'llmCalls', s.llm_calls, 'tokens', jsonb_build_object('input', s.input_tokens,
                  'output', s.output_tokens, 'cached', s.cached_tokens),
                'costUsd', s.cost_usd::float8, 'usage', s.usage)
              order by s.run_no, array_position(iflow_step_order(), s.step)), '[]')
              from analysis_steps s where s.analysis_job_id = j.id))
  from analysis_jobs j where j.id = p_job
$$;

create or replace function get_interview_report(p_interview uuid) returns jsonb
language sql stable as $$
  select jsonb_build_object('id', i.id, 'accountId', i.account_id, 'projectId', i.project_id,
    'title', i.title, 'status', i.status, 'summary', i.summary, 'durationMs', i.duration_ms,
    'metadata', i.metadata, 'createdAt', i.created_at,
    'analysisJobId', (select id from analysis_jobs where interview_id = i.id),
    'evidence', load_evidence(i.id),
    'people', load_people(i.id),
    'insights', (select coalesce(jsonb_agg(x order by x->>'name'), '[]') from (
        select jsonb_build_object('id', t.id, 'name', t.name, 'statement', t.statement,
          'inclusionCriteria', t.inclusion_criteria,
          'evidence', jsonb_agg(jsonb_build_object('evidenceId', e.id, 'confidence', te.confidence,
              'startMs', e.start_ms, 'endMs', e.end_ms, 'verbatim', e.verbatim)
              order by e.start_ms)) x
        from insights t join theme_evidence te on te.theme_id = t.id
        join evidence e on e.id = te.evidence_id
        where te.interview_id = i.id group by t.id, t.name, t.statement, t.inclusion_criteria) q),
    'personas', (select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name,
        'description', p.description, 'goals', p.goals, 'pains', p.pains, 'personId', pa.person_id,
        'confidence', pa.confidence, 'evidenceIds', to_jsonb(pa.evidence_ids)) order by p.name), '[]')
        from persona_assignments pa join personas p on p.id = pa.persona_id
        where pa.interview_id = i.id),
    'answers', (select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'questionId', q.id,
        'question', q.question, 'status', a.status, 'answer', a.answer_text,
        'confidence', a.confidence,
        'evidenceIds', (select coalesce(jsonb_agg(evidence_id), '[]') from project_answer_evidence
                        where answer_id = a.id)) order by q.position), '[]')
        from project_answers a join project_questions q on q.id = a.question_id
        where a.interview_id = i.id))
  from interviews i where i.id = p_interview
$$;
