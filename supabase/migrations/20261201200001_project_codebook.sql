-- A project's deductive codebook (issue 15: `codebook` on the API, like `--codebook FILE` in the
-- CLI). Validated by the API with the same zod schema as codebook files (src/domain/codebook.ts);
-- stored on the project by the submission that creates it, and handed to every step with the job
-- context (load_job_context, so start_step too) for the insights step to code with.
alter table projects add column if not exists codebook jsonb;

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
  -- a codebook is the project's: set by the submission that creates the project (no interview
  -- yet), and a later one may only repeat it, so one project's interviews are coded alike
  if jsonb_typeof(p->'codebook') = 'object' then
    update projects set codebook = p->'codebook'
    where id = v_project and codebook is null
      and not exists (select 1 from interviews where project_id = v_project);
    if (select codebook from projects where id = v_project) is distinct from p->'codebook' then
      raise exception 'project % already has %: a codebook is set by the first interview of a new project',
        v_project, case when (select codebook from projects where id = v_project) is null then 'interviews without a codebook' else 'a different codebook' end
        using errcode = 'IFBAD';
    end if;
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

create or replace function load_job_context(p_job uuid) returns jsonb
language plpgsql stable as $$
declare r jsonb;
begin
  select jsonb_build_object('analysisJobId', j.id, 'interviewId', i.id, 'accountId', i.account_id,
    'projectId', i.project_id, 'currentRun', j.current_run, 'status', j.status,
    'title', i.title, 'source', i.source, 'rawTranscript', i.raw_transcript,
    'interviewers', to_jsonb(i.interviewers),
    'customInstructions', coalesce(i.custom_instructions, p.custom_instructions),
    'codebook', p.codebook,
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
