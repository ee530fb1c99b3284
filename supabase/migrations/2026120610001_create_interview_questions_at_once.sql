-- Postgres CPU per interview (issue 12): create_interview adds the submission's research questions
-- to the project in one statement instead of one insert per question. The loop ran an insert
-- (with its own max(position) subquery) for every question of every submission, though after
-- the project's first interview they all exist already (the bench: 5 statements per interview
-- that inserted nothing). The one insert keeps the loop's result: questions the project lacks,
-- in the order given, the first of several with the same key, positions counting on from the
-- project's last. Body otherwise 20261201200001's.

create or replace function create_interview(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_account uuid := (p->>'accountId')::uuid;
  v_project uuid := (p->>'projectId')::uuid;
  v_interview uuid;
  v_job uuid;
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

  -- the submission's questions the project does not have yet, in one statement: in the order
  -- given, the first of those with the same key, numbered after the project's last position
  insert into project_questions (account_id, project_id, question, question_key, position)
  select v_account, v_project, btrim(n.q), n.k,
         (select coalesce(max(pq.position), 0) from project_questions pq where pq.project_id = v_project)
           + row_number() over (order by n.ord)
  from (select distinct on (k) x.q, iflow_name_key(x.q) as k, x.ord
        from jsonb_array_elements_text(coalesce(p->'questions', '[]')) with ordinality x(q, ord)
        order by k, x.ord) n
  where not exists (select 1 from project_questions pq
                    where pq.project_id = v_project and pq.question_key = n.k)
  on conflict (project_id, question_key) do nothing;

  insert into analysis_jobs (interview_id, account_id, project_id, workflow_state)
  values (v_interview, v_account, v_project,
          jsonb_build_object('interviewId', v_interview, 'completedSteps', '[]'::jsonb,
                             'currentStep', null, 'lastUpdated', now()))
  returning id into v_job;

  return jsonb_build_object('interviewId', v_interview, 'analysisJobId', v_job);
end $$;
