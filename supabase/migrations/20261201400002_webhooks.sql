-- Issue 10: completion webhooks. An account registers endpoints (URL + signing secret, for the
-- whole account or one project); each completion (analysis job completed or failed, synthesis
-- completed) becomes one delivery per matching endpoint, unique per (endpoint, event key), so an
-- event recorded twice (a retried finalize) is delivered once. The `webhooks` BullMQ queue sends
-- each delivery (job id = delivery id) and every attempt is logged here. Error codes as in the
-- runs migration: IFNFD not found, IFBAD invalid input.

create table if not exists webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  -- null: every project of the account
  project_id uuid references projects(id) on delete cascade,
  url text not null check (length(url) between 1 and 2048),
  -- the HMAC key; the workers need it in clear to sign, so only the service role reads this table
  secret text not null check (length(secret) between 16 and 256),
  events text[] not null check (cardinality(events) > 0),
  description text not null default '',
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);
create index if not exists webhook_endpoints_account_idx on webhook_endpoints(account_id, created_at, id);
create index if not exists webhook_endpoints_project_idx on webhook_endpoints(project_id);

create table if not exists webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
  account_id uuid not null,
  event text not null,
  -- what happened, once: e.g. analysis_job.completed.<job>.r<run>
  event_key text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (endpoint_id, event_key)
);
create index if not exists webhook_deliveries_endpoint_idx on webhook_deliveries(endpoint_id, created_at desc);

create table if not exists webhook_attempts (
  delivery_id uuid not null references webhook_deliveries(id) on delete cascade,
  attempt integer not null check (attempt > 0),
  at timestamptz not null default now(),
  status_code integer,
  duration_ms integer not null default 0,
  ok boolean not null,
  error text,
  response_body text,
  primary key (delivery_id, attempt)
);

-- Only the service role (the API and workers) touches these tables: the secrets are in them.
do $$
declare t text;
begin
  foreach t in array array['webhook_endpoints', 'webhook_deliveries', 'webhook_attempts'] loop
    execute format('alter table %I enable row level security', t);
    execute format('drop policy if exists service_role_all on %I', t);
    execute format('create policy service_role_all on %I for all to service_role using (true) with check (true)', t);
    execute format('revoke all on %I from public', t);
    execute format('grant all on %I to service_role', t);
  end loop;
  begin
    execute 'revoke all on webhook_endpoints, webhook_deliveries, webhook_attempts from anon, authenticated';
  exception when undefined_object then null; -- plain Postgres / PGlite: no such roles
  end;
end $$;

create or replace function iflow_webhook_endpoint_json(e webhook_endpoints) returns jsonb
language sql immutable as $$
  select jsonb_build_object('id', e.id, 'url', e.url, 'projectId', e.project_id, 'events', to_jsonb(e.events),
    'description', e.description, 'createdAt', e.created_at, 'disabledAt', e.disabled_at)
$$;

create or replace function create_webhook_endpoint(p jsonb) returns jsonb language plpgsql as $$
declare
  v_account uuid := (p->>'accountId')::uuid;
  v_project uuid := nullif(p->>'projectId', '')::uuid;
  e webhook_endpoints;
begin
  if v_project is not null and not exists (select 1 from projects where id = v_project and account_id = v_account) then
    raise exception 'project % not found', v_project using errcode = 'IFNFD';
  end if;
  insert into webhook_endpoints (account_id, project_id, url, secret, events, description)
  values (v_account, v_project, p->>'url', p->>'secret',
    array(select jsonb_array_elements_text(p->'events')), coalesce(p->>'description', ''))
  returning * into e;
  return iflow_webhook_endpoint_json(e);
end $$;

create or replace function list_webhook_endpoints(p_account uuid) returns jsonb language sql stable as $$
  select coalesce(jsonb_agg(iflow_webhook_endpoint_json(e) order by e.created_at, e.id), '[]')
  from webhook_endpoints e where e.account_id = p_account and e.disabled_at is null
$$;

-- Disables (deliveries stay readable); false when the account has no such live endpoint.
create or replace function disable_webhook_endpoint(p_account uuid, p_endpoint uuid) returns jsonb language sql as $$
  with d as (update webhook_endpoints set disabled_at = now()
             where id = p_endpoint and account_id = p_account and disabled_at is null returning 1)
  select to_jsonb(exists (select 1 from d))
$$;

-- One delivery per live endpoint of the account (account-wide or of this project) that wants
-- the event; an event key seen before adds nothing. Returns every delivery of the key, so a
-- caller retrying after a crash enqueues the ones it may have missed (same job ids).
create or replace function record_webhook_event(p_account uuid, p_project uuid, p_event text, p_key text, p_payload jsonb)
returns jsonb language plpgsql as $$
begin
  insert into webhook_deliveries (endpoint_id, account_id, event, event_key, payload)
  select e.id, e.account_id, p_event, p_key, p_payload from webhook_endpoints e
  where e.account_id = p_account and e.disabled_at is null and p_event = any(e.events)
    and (e.project_id is null or e.project_id = p_project)
  on conflict (endpoint_id, event_key) do nothing;
  return (select coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'status', d.status) order by d.id), '[]')
          from webhook_deliveries d where d.account_id = p_account and d.event_key = p_key);
end $$;

-- What the sender needs: the endpoint's URL and secret, the body, and where the delivery stands.
create or replace function get_webhook_delivery(p_delivery uuid) returns jsonb language sql stable as $$
  select jsonb_build_object('id', d.id, 'event', d.event, 'status', d.status, 'attempts', d.attempts,
    'payload', d.payload, 'url', e.url, 'secret', e.secret, 'endpointDisabled', e.disabled_at is not null)
  from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id where d.id = p_delivery
$$;

-- Logs one attempt and moves the delivery to its new status, in one transaction. An attempt
-- number seen before (a re-delivered job) replaces its row. A finished delivery stays finished.
create or replace function record_webhook_attempt(p_delivery uuid, p jsonb) returns jsonb language plpgsql as $$
declare v_status text := p->>'status';
begin
  if v_status not in ('pending', 'delivered', 'failed') then
    raise exception 'bad delivery status %', v_status using errcode = 'IFBAD';
  end if;
  insert into webhook_attempts (delivery_id, attempt, status_code, duration_ms, ok, error, response_body)
  values (p_delivery, (p->>'attempt')::int, (p->>'statusCode')::int, coalesce((p->>'durationMs')::int, 0),
    coalesce((p->>'ok')::boolean, false), p->>'error', left(p->>'responseBody', 500))
  on conflict (delivery_id, attempt) do update set at = now(), status_code = excluded.status_code,
    duration_ms = excluded.duration_ms, ok = excluded.ok, error = excluded.error, response_body = excluded.response_body;
  update webhook_deliveries set
    status = case when status = 'pending' then v_status else status end,
    attempts = (select count(*) from webhook_attempts a where a.delivery_id = p_delivery),
    updated_at = now()
  where id = p_delivery;
  if not found then raise exception 'webhook delivery % not found', p_delivery using errcode = 'IFNFD'; end if;
  return jsonb_build_object('id', p_delivery, 'status', (select status from webhook_deliveries where id = p_delivery));
end $$;

-- The delivery log of one endpoint, newest first, each delivery with every attempt; null when
-- the account has no such endpoint (another account's reads as absent).
create or replace function list_webhook_deliveries(p_account uuid, p_endpoint uuid, p_limit integer) returns jsonb
language sql stable as $$
  select case when not exists (select 1 from webhook_endpoints where id = p_endpoint and account_id = p_account) then null
  else (select coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'event', d.event, 'eventId', d.event_key,
      'status', d.status, 'attempts', (select coalesce(jsonb_agg(jsonb_build_object('attempt', a.attempt, 'at', a.at,
          'statusCode', a.status_code, 'ok', a.ok, 'durationMs', a.duration_ms, 'error', a.error,
          'responseBody', a.response_body) order by a.attempt), '[]') from webhook_attempts a where a.delivery_id = d.id),
      'createdAt', d.created_at, 'updatedAt', d.updated_at) order by d.created_at desc, d.id), '[]')
    from (select * from webhook_deliveries where endpoint_id = p_endpoint and account_id = p_account
          order by created_at desc, id limit greatest(1, least(p_limit, 200))) d)
  end
$$;

do $$
declare f text;
begin
  foreach f in array array['iflow_webhook_endpoint_json(webhook_endpoints)', 'create_webhook_endpoint(jsonb)',
    'list_webhook_endpoints(uuid)', 'disable_webhook_endpoint(uuid, uuid)',
    'record_webhook_event(uuid, uuid, text, text, jsonb)', 'get_webhook_delivery(uuid)',
    'record_webhook_attempt(uuid, jsonb)', 'list_webhook_deliveries(uuid, uuid, integer)'] loop
    execute format('revoke execute on function %s from public', f);
    execute format('grant execute on function %s to service_role', f);
  end loop;
end $$;
