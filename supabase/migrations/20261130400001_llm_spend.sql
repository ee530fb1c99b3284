-- The LLM spend ledger (issue 13): every LLM call reserves its estimated cost before it is sent
-- and settles with the real cost after it. A reservation is checked against the interview's,
-- project's and account's budgets in ONE statement (reserve_llm_spend) that locks those scopes
-- and counts the calls still in flight, so parallel steps on any number of workers can never
-- together spend more than the budget plus the error of the estimates in flight.

create table if not exists llm_reservations (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  project_id uuid not null references projects(id) on delete cascade,
  -- null for project-level calls (synthesis)
  interview_id uuid references interviews(id) on delete cascade,
  step text not null,
  fn text not null,
  model text not null,
  -- reserved -> settled | released; a reserved row past expires_at is a crashed worker's and
  -- no longer counts (it is marked expired by the next reservation in its scope)
  status text not null default 'reserved' check (status in ('reserved', 'settled', 'released', 'expired')),
  estimate_usd numeric(20, 9) not null check (estimate_usd >= 0),
  est_input_tokens integer not null,
  est_output_tokens integer not null,
  -- what the provider reported (settled rows)
  cost_usd numeric(20, 9),
  input_tokens integer,
  output_tokens integer,
  calls integer,
  answered_model text,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  settled_at timestamptz
);

-- only rows in flight are summed per scope; settled spend comes from llm_spend_totals
create index if not exists llm_reservations_inflight_interview on llm_reservations (interview_id) where status = 'reserved';
create index if not exists llm_reservations_inflight_project on llm_reservations (project_id) where status = 'reserved';
create index if not exists llm_reservations_inflight_account on llm_reservations (account_id) where status = 'reserved';
create index if not exists llm_reservations_interview on llm_reservations (interview_id, created_at);

-- Settled spend per scope, kept by settle_llm_spend so a reservation reads one row per scope
-- instead of summing an account's history. The row is also the scope's lock.
create table if not exists llm_spend_totals (
  scope text not null check (scope in ('interview', 'project', 'account')),
  scope_id uuid not null,
  account_id uuid not null,
  settled_usd numeric(20, 9) not null default 0,
  primary key (scope, scope_id)
);

-- p: { interviewId?, projectId?, step, fn, model, estimateUsd, estimatedInputTokens,
--      estimatedOutputTokens, ttlMs, budgets: { interviewUsd?, projectUsd?, accountUsd? } }
-- -> { ok: true, id } | { ok: false, scope, budgetUsd, spentUsd, inFlightUsd }
create or replace function reserve_llm_spend(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_interview uuid := nullif(p ->> 'interviewId', '')::uuid;
  v_project uuid := nullif(p ->> 'projectId', '')::uuid;
  v_account uuid;
  v_estimate numeric := (p ->> 'estimateUsd')::numeric;
  v_scope text;
  v_id uuid;
  v_budget numeric;
  v_spent numeric;
  v_inflight numeric;
begin
  if v_interview is not null then
    select project_id, account_id into v_project, v_account from interviews where id = v_interview;
  elsif v_project is not null then
    select account_id into v_account from projects where id = v_project;
  end if;
  if v_account is null then
    raise exception 'reserve_llm_spend: no interview or project %', coalesce(v_interview, v_project) using errcode = 'IFNFD';
  end if;

  -- scopes with a budget, locked in a fixed order (account, project, interview): no deadlocks
  foreach v_scope in array array['account', 'project', 'interview'] loop
    v_budget := (p -> 'budgets' ->> (v_scope || 'Usd'))::numeric;
    v_id := case v_scope when 'account' then v_account when 'project' then v_project else v_interview end;
    continue when v_budget is null or v_id is null;
    insert into llm_spend_totals (scope, scope_id, account_id) values (v_scope, v_id, v_account)
      on conflict do nothing;
    select settled_usd into v_spent from llm_spend_totals where scope = v_scope and scope_id = v_id for update;
    update llm_reservations set status = 'expired'
      where status = 'reserved' and expires_at <= now()
        and case v_scope when 'account' then account_id = v_id when 'project' then project_id = v_id else interview_id = v_id end;
    select coalesce(sum(estimate_usd), 0) into v_inflight from llm_reservations
      where status = 'reserved'
        and case v_scope when 'account' then account_id = v_id when 'project' then project_id = v_id else interview_id = v_id end;
    if v_spent + v_inflight + v_estimate > v_budget then
      return jsonb_build_object('ok', false, 'scope', v_scope, 'budgetUsd', v_budget::float8,
        'spentUsd', v_spent::float8, 'inFlightUsd', v_inflight::float8);
    end if;
  end loop;

  insert into llm_reservations (account_id, project_id, interview_id, step, fn, model, estimate_usd,
    est_input_tokens, est_output_tokens, expires_at)
  values (v_account, v_project, v_interview, p ->> 'step', p ->> 'fn', p ->> 'model', v_estimate,
    coalesce((p ->> 'estimatedInputTokens')::integer, 0), coalesce((p ->> 'estimatedOutputTokens')::integer, 0),
    now() + make_interval(secs => (p ->> 'ttlMs')::numeric / 1000))
  returning id into v_id;
  return jsonb_build_object('ok', true, 'id', v_id);
end $$;

-- p: { costUsd, inputTokens, outputTokens, calls, model }. Settles a reservation once (also an
-- expired one: a slow worker's call was still paid for); a second settle is a no-op.
create or replace function settle_llm_spend(p_id uuid, p jsonb) returns void
language plpgsql as $$
declare r llm_reservations;
begin
  update llm_reservations set status = 'settled', cost_usd = (p ->> 'costUsd')::numeric,
    input_tokens = (p ->> 'inputTokens')::integer, output_tokens = (p ->> 'outputTokens')::integer,
    calls = (p ->> 'calls')::integer, answered_model = p ->> 'model', settled_at = now()
  where id = p_id and status in ('reserved', 'expired')
  returning * into r;
  if r.id is null then return; end if;
  insert into llm_spend_totals as t (scope, scope_id, account_id, settled_usd)
  select s.scope, s.id, r.account_id, r.cost_usd
  from (values ('account', r.account_id), ('project', r.project_id), ('interview', r.interview_id)) as s(scope, id)
  where s.id is not null
  on conflict (scope, scope_id) do update set settled_usd = t.settled_usd + excluded.settled_usd;
end $$;

create or replace function release_llm_spend(p_id uuid) returns void
language sql as $$
  update llm_reservations set status = 'released', settled_at = now() where id = p_id and status = 'reserved'
$$;

-- Estimated vs reported tokens and cost per step of an interview (estimates vs what was recorded).
create or replace function llm_spend_by_step(p_interview uuid) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(x order by x ->> 'step'), '[]'::jsonb) from (
    select jsonb_build_object('step', step, 'calls', count(*) filter (where status = 'settled'),
      'estimatedInputTokens', coalesce(sum(est_input_tokens) filter (where status = 'settled'), 0),
      'estimatedOutputTokens', coalesce(sum(est_output_tokens) filter (where status = 'settled'), 0),
      'estimatedUsd', coalesce(sum(estimate_usd) filter (where status = 'settled'), 0)::float8,
      'inputTokens', coalesce(sum(input_tokens), 0), 'outputTokens', coalesce(sum(output_tokens), 0),
      'costUsd', coalesce(sum(cost_usd), 0)::float8,
      'inFlight', count(*) filter (where status = 'reserved' and expires_at > now())) as x
    from llm_reservations where interview_id = p_interview group by step
  ) s
$$;

-- Row-level security like every other table: the service role (workers) sees everything,
-- authenticated users their own account's rows, read-only.
alter table llm_reservations enable row level security;
alter table llm_spend_totals enable row level security;
grant all on llm_reservations, llm_spend_totals to service_role;
grant select on llm_reservations, llm_spend_totals to authenticated;
drop policy if exists service_role_all on llm_reservations;
create policy service_role_all on llm_reservations for all to service_role using (true) with check (true);
drop policy if exists service_role_all on llm_spend_totals;
create policy service_role_all on llm_spend_totals for all to service_role using (true) with check (true);
drop policy if exists account_isolation on llm_reservations;
create policy account_isolation on llm_reservations for select to authenticated
  using (account_id = (select iflow_jwt_account()));
drop policy if exists account_isolation on llm_spend_totals;
create policy account_isolation on llm_spend_totals for select to authenticated
  using (account_id = (select iflow_jwt_account()));

-- the ledger is written by the workers only
revoke execute on function reserve_llm_spend(jsonb), settle_llm_spend(uuid, jsonb), release_llm_spend(uuid),
  llm_spend_by_step(uuid) from public;
grant execute on function reserve_llm_spend(jsonb), settle_llm_spend(uuid, jsonb), release_llm_spend(uuid),
  llm_spend_by_step(uuid) to service_role;

notify pgrst, 'reload schema';
