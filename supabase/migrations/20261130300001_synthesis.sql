-- Study-level synthesis (DESIGN.md 5b): a ledger of synthesis runs per project, fenced by a
-- generation number, and the project's current synthesis (themes, answers, personas), replaced
-- in one transaction by commit_synthesis. Error codes as in the runs migration: IFNFD not found,
-- IFBAD invalid input, IFSTL stale (an older generation may not overwrite a newer one).

create table if not exists synthesis_runs (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  project_id uuid not null references projects(id) on delete cascade,
  -- per project, in the order runs began; the committed synthesis is the highest completed one
  generation integer not null,
  status text not null default 'running'
    check (status in ('running', 'completed', 'failed', 'superseded')),
  trigger text not null default 'interview',
  bull_job_id text,
  analyzer text,
  interviews integer not null default 0,
  evidence integer not null default 0,
  dropped_citations integer not null default 0,
  -- substantive participant evidence in no theme (ids), and participants in no persona
  coverage jsonb not null default '{}',
  unassigned uuid[] not null default '{}',
  model text,
  llm_calls integer not null default 0,
  input_tokens integer not null default 0,
  output_tokens integer not null default 0,
  cached_tokens integer not null default 0,
  cost_usd numeric(14, 9) not null default 0,
  usage jsonb not null default '{}',
  error text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  duration_ms integer,
  unique (project_id, generation)
);

create table if not exists synthesis_themes (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  project_id uuid not null references projects(id) on delete cascade,
  run_id uuid not null references synthesis_runs(id) on delete cascade,
  position integer not null,
  name text not null,
  statement text not null,
  interviews integer not null,
  participants integer not null,
  quote_evidence_id uuid references evidence(id) on delete set null,
  codes jsonb not null default '[]'
);
create index if not exists synthesis_themes_project_idx on synthesis_themes(project_id);

create table if not exists synthesis_theme_evidence (
  theme_id uuid not null references synthesis_themes(id) on delete cascade,
  evidence_id uuid not null references evidence(id) on delete cascade,
  account_id uuid not null,
  project_id uuid not null,
  role text not null default 'supporting' check (role in ('supporting', 'counter')),
  primary key (theme_id, evidence_id)
);
create index if not exists synthesis_theme_evidence_evidence_idx on synthesis_theme_evidence(evidence_id);

create table if not exists synthesis_answers (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  project_id uuid not null references projects(id) on delete cascade,
  run_id uuid not null references synthesis_runs(id) on delete cascade,
  question_id uuid not null references project_questions(id) on delete cascade,
  status text not null check (status in ('answered', 'partially_answered', 'not_enough_evidence')),
  summary text not null,
  -- [{text, evidenceIds, participants}]: every sentence cites evidence
  sentences jsonb not null default '[]',
  participants_supporting integer not null,
  participants_total integer not null,
  interviews_addressed integer not null,
  interviews_total integer not null,
  interview_answer_ids uuid[] not null default '{}',
  unique (project_id, question_id)
);

create table if not exists synthesis_answer_evidence (
  answer_id uuid not null references synthesis_answers(id) on delete cascade,
  evidence_id uuid not null references evidence(id) on delete cascade,
  account_id uuid not null,
  project_id uuid not null,
  primary key (answer_id, evidence_id)
);
create index if not exists synthesis_answer_evidence_evidence_idx on synthesis_answer_evidence(evidence_id);

create table if not exists synthesis_personas (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  project_id uuid not null references projects(id) on delete cascade,
  run_id uuid not null references synthesis_runs(id) on delete cascade,
  position integer not null,
  name text not null,
  description text not null default '',
  goals jsonb not null default '[]',   -- [{text, evidenceId}]: whole quotes
  pains jsonb not null default '[]'
);
create index if not exists synthesis_personas_project_idx on synthesis_personas(project_id);

create table if not exists synthesis_persona_members (
  persona_id uuid not null references synthesis_personas(id) on delete cascade,
  person_id uuid not null references people(id) on delete cascade,
  account_id uuid not null,
  project_id uuid not null,
  reason text not null,
  evidence_ids uuid[] not null default '{}',
  primary key (persona_id, person_id)
);
create index if not exists synthesis_persona_members_person_idx on synthesis_persona_members(person_id);

-- Row-level security like every domain table (rls migration): account isolation for
-- `authenticated`, everything for the workers' service role.
do $$
declare t text;
begin
  foreach t in array array['synthesis_runs', 'synthesis_themes', 'synthesis_theme_evidence',
    'synthesis_answers', 'synthesis_answer_evidence', 'synthesis_personas', 'synthesis_persona_members'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format('grant select on public.%I to authenticated', t);
    execute format('grant all on public.%I to service_role', t);
    execute format('drop policy if exists service_role_all on public.%I', t);
    execute format('create policy service_role_all on public.%I for all to service_role using (true) with check (true)', t);
    execute format('drop policy if exists account_isolation on public.%I', t);
    execute format('create policy account_isolation on public.%I for select to authenticated '
      'using (account_id = (select iflow_jwt_account()))', t);
  end loop;
end $$;

-- Opens a synthesis run with the project's next generation. Runs of the same Bull job still
-- marked running are attempts a dead worker left behind: recorded as failed.
create or replace function begin_synthesis(p_project uuid, p_bull_job text, p_trigger text, p_analyzer text)
returns jsonb language plpgsql as $$
declare
  v_account uuid;
  v_gen integer;
  v_id uuid;
begin
  -- the project row lock serialises generation numbers and commits of one project
  select account_id into v_account from projects where id = p_project for update;
  if not found then
    raise exception 'project % not found', p_project using errcode = 'IFNFD';
  end if;
  update synthesis_runs set status = 'failed', error = 'attempt abandoned (worker lost or retried)',
    finished_at = now(), duration_ms = (extract(epoch from now() - started_at) * 1000)::int
  where project_id = p_project and bull_job_id = p_bull_job and status = 'running';
  select coalesce(max(generation), 0) + 1 into v_gen from synthesis_runs where project_id = p_project;
  insert into synthesis_runs (account_id, project_id, generation, trigger, bull_job_id, analyzer)
  values (v_account, p_project, v_gen, coalesce(p_trigger, 'interview'), p_bull_job, p_analyzer)
  returning id into v_id;
  return jsonb_build_object('runId', v_id, 'generation', v_gen);
end $$;

-- The compact input of a synthesis, in one call: the project's questions, its ready interviews
-- (with a key from their transcript, stable across projects), participants with facet counts,
-- participants' evidence (with the interviewer question before it), the per-interview codes and
-- answers. Interviewers' evidence never reaches synthesis.
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
        'evidenceCount', (select count(*) from ev where ev.person_id = part.person_id),
        'facetCounts', coalesce(fc.counts, '{}')) order by part.key), '[]')
      from part left join facet_counts fc on fc.person_id = part.person_id),
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
        'evidenceIds', (select coalesce(jsonb_agg(pae.evidence_id order by pae.evidence_id), '[]')
                        from project_answer_evidence pae where pae.answer_id = pa.id))
        order by pa.question_id, pa.interview_id), '[]')
      from project_answers pa join iv on iv.id = pa.interview_id)
  )
$$;

-- Replaces the project's synthesis with this run's output, in one transaction, unless a newer
-- generation has already committed (then IFSTL: the older one is recorded as superseded by the
-- caller and nothing changes). Ids the output cites must belong to the project; others are
-- ignored here (the application drops and counts them before).
create or replace function commit_synthesis(p_run uuid, p jsonb)
returns jsonb language plpgsql as $$
declare
  r synthesis_runs;
  v_newer integer;
  x jsonb;
  v_pos integer := 0;
  v_id uuid;
begin
  select * into r from synthesis_runs where id = p_run;
  if not found then
    raise exception 'synthesis run % not found', p_run using errcode = 'IFNFD';
  end if;
  perform 1 from projects where id = r.project_id for update;
  select * into r from synthesis_runs where id = p_run;  -- re-read under the lock
  if r.status = 'completed' then
    return jsonb_build_object('runId', r.id, 'generation', r.generation, 'alreadyCommitted', true);
  end if;
  select max(generation) into v_newer from synthesis_runs
  where project_id = r.project_id and status = 'completed' and generation > r.generation;
  if v_newer is not null or r.status <> 'running' then
    raise exception 'synthesis generation % of project % is stale (generation % committed, or this attempt was abandoned)',
      r.generation, r.project_id, coalesce(v_newer, r.generation) using errcode = 'IFSTL';
  end if;

  delete from synthesis_themes where project_id = r.project_id;
  delete from synthesis_answers where project_id = r.project_id;
  delete from synthesis_personas where project_id = r.project_id;

  for x in select y from jsonb_array_elements(p->'themes') y loop
    v_pos := v_pos + 1;
    insert into synthesis_themes (account_id, project_id, run_id, position, name, statement,
                                  interviews, participants, quote_evidence_id, codes)
    values (r.account_id, r.project_id, r.id, v_pos, x->>'name', x->>'statement',
            (x->>'interviews')::int, (x->>'participants')::int,
            (select ev.id from evidence ev where ev.id = (x->>'quoteEvidenceId')::uuid and ev.project_id = r.project_id),
            coalesce(x->'codes', '[]'))
    returning id into v_id;
    insert into synthesis_theme_evidence (theme_id, evidence_id, account_id, project_id, role)
    select v_id, ev.id, r.account_id, r.project_id, max(l->>'role')
    from jsonb_array_elements(x->'evidence') l
    join evidence ev on ev.id = (l->>'evidenceId')::uuid and ev.project_id = r.project_id
    group by ev.id;
  end loop;

  for x in select y from jsonb_array_elements(p->'answers') y loop
    insert into synthesis_answers (account_id, project_id, run_id, question_id, status, summary,
      sentences, participants_supporting, participants_total, interviews_addressed, interviews_total,
      interview_answer_ids)
    select r.account_id, r.project_id, r.id, q.id, x->>'status', x->>'summary', coalesce(x->'sentences', '[]'),
      (x->>'participantsSupporting')::int, (x->>'participantsTotal')::int,
      (x->>'interviewsAddressed')::int, (x->>'interviewsTotal')::int,
      coalesce(array(select pa.id from jsonb_array_elements_text(x->'interviewAnswerIds') a
                     join project_answers pa on pa.id = a::uuid and pa.project_id = r.project_id), '{}')
    from project_questions q where q.id = (x->>'questionId')::uuid and q.project_id = r.project_id
    returning id into v_id;
    if v_id is not null then
      insert into synthesis_answer_evidence (answer_id, evidence_id, account_id, project_id)
      select distinct v_id, ev.id, r.account_id, r.project_id
      from jsonb_array_elements(coalesce(x->'sentences', '[]')) s
      cross join lateral jsonb_array_elements_text(s->'evidenceIds') ei
      join evidence ev on ev.id = ei::uuid and ev.project_id = r.project_id;
    end if;
    v_id := null;
  end loop;

  v_pos := 0;
  for x in select y from jsonb_array_elements(p->'personas') y loop
    v_pos := v_pos + 1;
    insert into synthesis_personas (account_id, project_id, run_id, position, name, description, goals, pains)
    values (r.account_id, r.project_id, r.id, v_pos, x->>'name', coalesce(x->>'description', ''),
            coalesce(x->'goals', '[]'), coalesce(x->'pains', '[]'))
    returning id into v_id;
    insert into synthesis_persona_members (persona_id, person_id, account_id, project_id, reason, evidence_ids)
    select v_id, ip.person_id, r.account_id, r.project_id, min(m->>'reason'),
      coalesce(array(select ev.id from jsonb_array_elements_text(min(m->>'evidenceIds')::jsonb) ei
                     join evidence ev on ev.id = ei::uuid and ev.project_id = r.project_id), '{}')
    from jsonb_array_elements(x->'members') m
    -- participants only: an interviewer never gets a persona
    join interview_people ip on ip.person_id = (m->>'personId')::uuid and ip.project_id = r.project_id
                            and ip.role = 'participant'
    group by ip.person_id;
  end loop;

  update synthesis_runs set status = 'completed', finished_at = now(),
    duration_ms = (extract(epoch from now() - started_at) * 1000)::int,
    interviews = coalesce((p->'stats'->>'interviews')::int, 0),
    evidence = coalesce((p->'stats'->>'evidence')::int, 0),
    dropped_citations = coalesce((p->>'droppedCitations')::int, 0),
    coverage = coalesce(p->'coverage', '{}'),
    unassigned = coalesce(array(select jsonb_array_elements_text(p->'unassigned')::uuid), '{}'),
    error = null
  where id = r.id;
  -- older runs still running can no longer commit: say so in the ledger now
  update synthesis_runs set status = 'superseded', finished_at = coalesce(finished_at, now())
  where project_id = r.project_id and status = 'running' and generation < r.generation;
  return jsonb_build_object('runId', r.id, 'generation', r.generation,
    'themes', jsonb_array_length(coalesce(p->'themes', '[]')),
    'answers', jsonb_array_length(coalesce(p->'answers', '[]')),
    'personas', jsonb_array_length(coalesce(p->'personas', '[]')));
end $$;

-- Adds usage (tokens, cost, model) to a synthesis run as calls finish.
create or replace function record_synthesis_usage(p_run uuid, p_usage jsonb)
returns void language plpgsql as $$
begin
  update synthesis_runs set
    llm_calls = llm_calls + coalesce((p_usage->>'calls')::int, 0),
    input_tokens = input_tokens + coalesce((p_usage->>'inputTokens')::int, 0),
    output_tokens = output_tokens + coalesce((p_usage->>'outputTokens')::int, 0),
    cached_tokens = cached_tokens + coalesce((p_usage->>'cachedTokens')::int, 0),
    cost_usd = cost_usd + coalesce((p_usage->>'costUsd')::numeric, 0),
    model = coalesce(p_usage->>'model', model),
    usage = usage || coalesce(p_usage->'details', '{}')
  where id = p_run;
end $$;

-- Records a failed attempt (or a stale one: p_status 'superseded'). A completed run stays so.
create or replace function fail_synthesis(p_run uuid, p_error text, p_status text)
returns void language plpgsql as $$
begin
  update synthesis_runs set status = case when p_status = 'superseded' then 'superseded' else 'failed' end,
    error = left(p_error, 2000), finished_at = now(),
    duration_ms = (extract(epoch from now() - started_at) * 1000)::int
  where id = p_run and status = 'running';
end $$;

create or replace function iflow_synthesis_run_json(r synthesis_runs) returns jsonb language sql stable as $$
  select jsonb_build_object('id', r.id, 'projectId', r.project_id, 'generation', r.generation,
    'status', r.status, 'trigger', r.trigger, 'bullJobId', r.bull_job_id, 'analyzer', r.analyzer,
    'interviews', r.interviews, 'evidence', r.evidence, 'droppedCitations', r.dropped_citations,
    'usage', jsonb_build_object('calls', r.llm_calls, 'model', r.model, 'inputTokens', r.input_tokens,
      'outputTokens', r.output_tokens, 'cachedTokens', r.cached_tokens, 'costUsd', r.cost_usd::float8,
      'details', r.usage),
    'costUsd', r.cost_usd::float8, 'error', r.error, 'startedAt', r.started_at,
    'finishedAt', r.finished_at, 'durationMs', r.duration_ms)
$$;

-- The project's synthesis runs, newest first.
create or replace function list_synthesis_runs(p_project uuid, p_limit integer) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(iflow_synthesis_run_json(r) order by r.generation desc), '[]')
  from (select * from synthesis_runs where project_id = p_project
        order by generation desc limit greatest(1, least(coalesce(p_limit, 50), 500))) r
$$;

create or replace function iflow_quote_json(p_evidence uuid) returns jsonb language sql stable as $$
  select jsonb_build_object('evidenceId', e.id, 'interviewId', e.interview_id, 'speaker', e.speaker,
    'verbatim', e.verbatim, 'startMs', e.start_ms, 'endMs', e.end_ms)
  from evidence e where e.id = p_evidence
$$;

-- The project's current synthesis: the committed run, themes by prevalence with their quote and
-- evidence, answers per question with resolved citations, personas with members; plus the latest
-- run (which may be running or failed while the committed one stays readable). null when the
-- project does not exist.
create or replace function get_project_synthesis(p_project uuid) returns jsonb
language sql stable as $$
  select case when not exists (select 1 from projects where id = p_project) then null else
  jsonb_build_object(
    'projectId', p_project,
    'projectName', (select name from projects where id = p_project),
    'committedRun', (select iflow_synthesis_run_json(r) from synthesis_runs r
                     where r.project_id = p_project and r.status = 'completed'
                     order by r.generation desc limit 1),
    'latestRun', (select iflow_synthesis_run_json(r) from synthesis_runs r
                  where r.project_id = p_project order by r.generation desc limit 1),
    -- what the committed synthesis left out: substantive evidence in no theme, participants in no persona
    'coverage', (select jsonb_build_object('substantive', coalesce((r.coverage->>'substantive')::int, 0),
        'unthemed', coalesce(r.coverage->'unthemed', '[]'), 'unassigned', to_jsonb(r.unassigned))
      from synthesis_runs r where r.project_id = p_project and r.status = 'completed'
      order by r.generation desc limit 1),
    'themes', (select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name,
        'statement', t.statement, 'interviews', t.interviews, 'participants', t.participants,
        'quote', iflow_quote_json(t.quote_evidence_id), 'codes', t.codes,
        'evidence', (select coalesce(jsonb_agg(jsonb_build_object('evidenceId', te.evidence_id,
            'role', te.role) order by te.role desc, te.evidence_id), '[]')
          from synthesis_theme_evidence te where te.theme_id = t.id))
        order by t.position), '[]')
      from synthesis_themes t where t.project_id = p_project),
    'answers', (select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'questionId', a.question_id,
        'question', q.question, 'status', a.status, 'summary', a.summary, 'sentences', a.sentences,
        'participantsSupporting', a.participants_supporting, 'participantsTotal', a.participants_total,
        'interviewsAddressed', a.interviews_addressed, 'interviewsTotal', a.interviews_total,
        'interviewAnswerIds', to_jsonb(a.interview_answer_ids),
        'citations', (select coalesce(jsonb_agg(iflow_quote_json(ae.evidence_id) order by ae.evidence_id), '[]')
          from synthesis_answer_evidence ae where ae.answer_id = a.id))
        order by q.position, q.id), '[]')
      from synthesis_answers a join project_questions q on q.id = a.question_id
      where a.project_id = p_project),
    'personas', (select coalesce(jsonb_agg(jsonb_build_object('id', pp.id, 'name', pp.name,
        'description', pp.description, 'goals', pp.goals, 'pains', pp.pains,
        'members', (select coalesce(jsonb_agg(jsonb_build_object('personId', m.person_id,
            'name', pe.name, 'interviewId', ip.interview_id, 'reason', m.reason,
            'evidenceIds', to_jsonb(m.evidence_ids)) order by ip.interview_id, pe.name), '[]')
          from synthesis_persona_members m join people pe on pe.id = m.person_id
          join interview_people ip on ip.person_id = m.person_id
          where m.persona_id = pp.id))
        order by pp.position), '[]')
      from synthesis_personas pp where pp.project_id = p_project)
  ) end
$$;

-- The project's name and account (Bull Board job names, API scoping).
create or replace function get_project(p_project uuid) returns jsonb language sql stable as $$
  select jsonb_build_object('id', id, 'accountId', account_id, 'name', name)
  from projects where id = p_project
$$;

-- The project of an analysis job (finalize schedules that project's synthesis).
create or replace function get_job_project(p_job uuid) returns jsonb language sql stable as $$
  select jsonb_build_object('id', p.id, 'accountId', p.account_id, 'name', p.name)
  from analysis_jobs j join projects p on p.id = j.project_id where j.id = p_job
$$;

-- Per-interview steps no longer read the whole project (synthesis does, once, compactly).
drop function if exists load_project_evidence(uuid);

-- Writers are for the workers' service role only.
do $$
declare f text;
begin
  foreach f in array array['begin_synthesis(uuid, text, text, text)', 'commit_synthesis(uuid, jsonb)',
    'record_synthesis_usage(uuid, jsonb)', 'fail_synthesis(uuid, text, text)'] loop
    execute format('revoke execute on function %s from public', f);
    execute format('grant execute on function %s to service_role', f);
  end loop;
end $$;
