-- interview-flow schema: domain tables, the workflow ledger, and the `insights` view.
-- Every domain row carries account_id and project_id. Times are timestamptz, media offsets ms.

create table if not exists projects (
  id uuid primary key,
  account_id uuid not null,
  name text not null default 'Default project',
  custom_instructions text,
  created_at timestamptz not null default now()
);

create table if not exists interviews (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  project_id uuid not null references projects(id),
  title text,
  -- uploaded -> processing -> ready | failed; changed only by the run/step functions below,
  -- in the same transaction as analysis_jobs.status, so the two never drift apart.
  status text not null default 'uploaded'
    check (status in ('uploaded', 'processing', 'ready', 'failed', 'cancelled')),
  source jsonb not null,               -- {kind: transcript|media|url, ...}
  raw_transcript text,                 -- the transcript as the caller gave it
  transcript text,                     -- the full normalised text ("Speaker: text" turns)
  interviewers text[] not null default '{}',
  custom_instructions text,
  metadata jsonb not null default '{}',
  duration_ms integer,
  summary text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists interviews_project_idx on interviews(project_id);

create table if not exists utterances (
  interview_id uuid not null references interviews(id) on delete cascade,
  idx integer not null,
  account_id uuid not null,
  project_id uuid not null,
  speaker text not null,
  role text not null check (role in ('interviewer', 'participant')),
  start_ms integer not null check (start_ms >= 0),
  end_ms integer not null check (end_ms >= start_ms),
  text text not null,
  words jsonb,
  timing text not null check (timing in ('provided', 'estimated')),
  primary key (interview_id, idx)
);

create table if not exists analysis_jobs (
  id uuid primary key default gen_random_uuid(),
  interview_id uuid not null unique references interviews(id) on delete cascade,
  account_id uuid not null,
  project_id uuid not null,
  status text not null default 'queued'
    check (status in ('queued', 'running', 'completed', 'failed', 'cancelled')),
  current_run integer not null default 0,
  run_started_at timestamptz,
  -- the last run whose flow was added to Redis: a live run without jobs can then be rebuilt
  flow_run integer,
  current_step text,
  progress integer not null default 0 check (progress between 0 and 100),
  status_line text,
  workflow_state jsonb not null default '{}',
  -- durable per-step scratch values (e.g. a provider's transcript id), kept across runs
  checkpoints jsonb not null default '{}',
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists analysis_steps (
  analysis_job_id uuid not null references analysis_jobs(id) on delete cascade,
  run_no integer not null,
  step text not null
    check (step in ('transcribe', 'evidence', 'insights', 'personas', 'answers', 'finalize')),
  status text not null default 'pending'
    check (status in ('pending', 'running', 'completed', 'failed')),
  attempts integer not null default 0,
  progress integer not null default 0,
  status_line text,
  started_at timestamptz,
  finished_at timestamptz,
  duration_ms integer,
  error text,
  model text,
  llm_calls integer not null default 0,
  input_tokens integer not null default 0,
  output_tokens integer not null default 0,
  cached_tokens integer not null default 0,
  cost_usd numeric(14, 9) not null default 0,  -- 9 decimals: cheap calls add up without drift
  usage jsonb not null default '{}',
  result jsonb,
  primary key (analysis_job_id, run_no, step)
);

create table if not exists people (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  project_id uuid not null references projects(id),
  person_key text not null,
  name text not null,
  created_at timestamptz not null default now(),
  unique (project_id, person_key)
);

create table if not exists interview_people (
  interview_id uuid not null references interviews(id) on delete cascade,
  person_id uuid not null references people(id) on delete cascade,
  account_id uuid not null,
  project_id uuid not null,
  role text not null check (role in ('interviewer', 'participant')),
  speaker text not null,
  primary key (interview_id, person_id)
);

create table if not exists evidence (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  project_id uuid not null,
  interview_id uuid not null references interviews(id) on delete cascade,
  -- stable key (hash of interview, speaker, span): a re-run updates the same row, so links
  -- and user curation survive it
  evidence_key text not null,
  person_id uuid references people(id),
  utterance_idx integer not null,
  speaker text not null,
  verbatim text not null,
  gist text not null,
  start_ms integer not null check (start_ms >= 0),
  end_ms integer not null check (end_ms >= start_ms),
  anchor text not null check (anchor in ('exact', 'interpolated', 'utterance')),
  confidence real not null default 0.5,
  facets jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (interview_id, evidence_key)
);
create index if not exists evidence_project_idx on evidence(project_id);

create table if not exists themes (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  project_id uuid not null references projects(id),
  name text not null,
  -- normalised name: the database, not the code, keeps themes unique per project
  name_key text not null,
  statement text not null,
  inclusion_criteria text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, name_key)
);

create table if not exists theme_evidence (
  theme_id uuid not null references themes(id) on delete cascade,
  evidence_id uuid not null references evidence(id) on delete cascade,
  account_id uuid not null,
  project_id uuid not null,
  interview_id uuid not null,
  confidence real not null default 0.5,
  primary key (theme_id, evidence_id)
);
create index if not exists theme_evidence_interview_idx on theme_evidence(interview_id);

create table if not exists personas (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  project_id uuid not null references projects(id),
  name text not null,
  name_key text not null,
  description text not null default '',
  goals jsonb not null default '[]',
  pains jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, name_key)
);

create table if not exists persona_assignments (
  persona_id uuid not null references personas(id) on delete cascade,
  person_id uuid not null references people(id) on delete cascade,
  interview_id uuid not null references interviews(id) on delete cascade,
  account_id uuid not null,
  project_id uuid not null,
  confidence real not null default 0.5,
  evidence_ids uuid[] not null default '{}',
  primary key (persona_id, person_id, interview_id)
);

create table if not exists project_questions (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  project_id uuid not null references projects(id),
  question text not null,
  question_key text not null,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  unique (project_id, question_key)
);

create table if not exists project_answers (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  project_id uuid not null,
  interview_id uuid not null references interviews(id) on delete cascade,
  question_id uuid not null references project_questions(id) on delete cascade,
  status text not null default 'planned'
    check (status in ('planned', 'answered', 'partially_answered', 'not_addressed')),
  answer_text text,
  confidence real,
  updated_at timestamptz not null default now(),
  unique (interview_id, question_id)
);

create table if not exists project_answer_evidence (
  answer_id uuid not null references project_answers(id) on delete cascade,
  evidence_id uuid not null references evidence(id) on delete cascade,
  account_id uuid not null,
  project_id uuid not null,
  primary key (answer_id, evidence_id)
);

create table if not exists analytics_events (
  id bigserial primary key,
  account_id uuid not null,
  project_id uuid not null,
  interview_id uuid references interviews(id) on delete cascade,
  analysis_job_id uuid,
  run_no integer,
  event text not null,
  properties jsonb not null default '{}',
  created_at timestamptz not null default now(),
  unique (analysis_job_id, run_no, event)
);

-- Insights are project themes seen through the interviews whose evidence supports them.
create or replace view insights with (security_invoker = true) as
select t.id, t.account_id, t.project_id, t.name, t.statement, t.inclusion_criteria,
       t.created_at, t.updated_at
from themes t;
