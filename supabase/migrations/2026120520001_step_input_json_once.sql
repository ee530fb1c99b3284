-- Postgres CPU per interview (issue 12): an interview's utterances and evidence are built as step
-- inputs (jsonb) once, when they are written, instead of at every step start that reads them.
-- Four steps read the utterances (evidence, insights, personas, answers) and three the evidence
-- (insights, personas, answers); each start built the same jsonb again from the rows (jsonb_agg of
-- one jsonb_build_object per row: ~9 us a row). Measured on a creatives interview with the local
-- analyzer (33 quotes, backend CPU per call, 1,000 calls): load_evidence 0.43 ms, the stored jsonb
-- 0.17 ms; load_utterances 0.23 ms.
--
-- interview_inputs holds the built jsonb per interview. Statement triggers on utterances and
-- evidence rebuild it from the rows after every statement that writes them, whoever writes them
-- (the commit functions are the only writers today), so a reader never sees a cache older than
-- the rows its snapshot sees; a first commit (one plain insert) builds it once. A missing or null
-- value (interviews analysed before this migration, a truncate) is built from the rows as before.
-- The values are stored uncompressed (storage external): pglz at write doubled the cost of
-- writing it (0.85 -> 1.3 ms for both), for ~30 KB of disk per interview (text and facets only).
-- It is a derived copy of domain rows, not a domain row: no account or project columns, read only
-- by the service role's step path (iflow_step_inputs); the public readers build from the rows.

create table if not exists interview_inputs (
  interview_id uuid primary key references interviews(id) on delete cascade,
  utterances jsonb,
  evidence jsonb
);
alter table interview_inputs alter column utterances set storage external,
                             alter column evidence set storage external;
alter table interview_inputs enable row level security;
grant all on interview_inputs to service_role;
drop policy if exists service_role_all on interview_inputs;
create policy service_role_all on interview_inputs for all to service_role using (true) with check (true);

-- rebuilds the cached jsonb of the interviews a statement on utterances or evidence touched
-- (`changed_rows`; an update also `old_rows`, in case it moved rows to another interview)
create or replace function iflow_refresh_step_inputs() returns trigger language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    if tg_table_name = 'utterances' then
      update interview_inputs set utterances = null where utterances is not null;
    else
      update interview_inputs set evidence = null where evidence is not null;
    end if;
    return null;
  end if;
  if tg_op = 'DELETE' then
    -- an interview's delete cascades here: its cache row is gone, nothing to insert
    if tg_table_name = 'utterances' then
      update interview_inputs c set utterances = load_utterances(c.interview_id)
      where c.interview_id in (select distinct interview_id from changed_rows);
    else
      update interview_inputs c set evidence = load_evidence(c.interview_id)
      where c.interview_id in (select distinct interview_id from changed_rows);
    end if;
    return null;
  end if;
  -- insert or update: the rows' interviews exist (their foreign key)
  if tg_table_name = 'utterances' then
    insert into interview_inputs (interview_id, utterances)
    select d.interview_id, load_utterances(d.interview_id)
    from (select distinct interview_id from changed_rows) d
    on conflict (interview_id) do update set utterances = excluded.utterances;
  else
    insert into interview_inputs (interview_id, evidence)
    select d.interview_id, load_evidence(d.interview_id)
    from (select distinct interview_id from changed_rows) d
    on conflict (interview_id) do update set evidence = excluded.evidence;
  end if;
  if tg_op = 'UPDATE' then
    if tg_table_name = 'utterances' then
      update interview_inputs c set utterances = load_utterances(c.interview_id)
      where c.interview_id in (select interview_id from old_rows except select interview_id from changed_rows);
    else
      update interview_inputs c set evidence = load_evidence(c.interview_id)
      where c.interview_id in (select interview_id from old_rows except select interview_id from changed_rows);
    end if;
  end if;
  return null;
end $$;

drop trigger if exists iflow_utterances_inserted on utterances;
create trigger iflow_utterances_inserted after insert on utterances
  referencing new table as changed_rows for each statement execute function iflow_refresh_step_inputs();
drop trigger if exists iflow_utterances_updated on utterances;
create trigger iflow_utterances_updated after update on utterances
  referencing old table as old_rows new table as changed_rows
  for each statement execute function iflow_refresh_step_inputs();
drop trigger if exists iflow_utterances_deleted on utterances;
create trigger iflow_utterances_deleted after delete on utterances
  referencing old table as changed_rows for each statement execute function iflow_refresh_step_inputs();
drop trigger if exists iflow_utterances_truncated on utterances;
create trigger iflow_utterances_truncated after truncate on utterances
  for each statement execute function iflow_refresh_step_inputs();

drop trigger if exists iflow_evidence_inserted on evidence;
create trigger iflow_evidence_inserted after insert on evidence
  referencing new table as changed_rows for each statement execute function iflow_refresh_step_inputs();
drop trigger if exists iflow_evidence_updated on evidence;
create trigger iflow_evidence_updated after update on evidence
  referencing old table as old_rows new table as changed_rows
  for each statement execute function iflow_refresh_step_inputs();
drop trigger if exists iflow_evidence_deleted on evidence;
create trigger iflow_evidence_deleted after delete on evidence
  referencing old table as changed_rows for each statement execute function iflow_refresh_step_inputs();
drop trigger if exists iflow_evidence_truncated on evidence;
create trigger iflow_evidence_truncated after truncate on evidence
  for each statement execute function iflow_refresh_step_inputs();

-- 20261203200003's readers, utterances and evidence from the cache when it holds them
create or replace function iflow_step_inputs(p_interview uuid, p_project uuid, p_reads text[])
returns jsonb language plpgsql stable as $$
declare
  r jsonb := '{}';
  x text;
  c interview_inputs;
begin
  if p_reads && array['utterances', 'evidence'] then
    select * into c from interview_inputs where interview_id = p_interview;
  end if;
  foreach x in array coalesce(p_reads, '{}') loop
    if not (x = any (array['utterances', 'evidence', 'people', 'questions', 'projectPersonas', 'report', 'summaryFacts'])) then
      raise exception 'unknown step input %', x using errcode = 'IFBAD';
    end if;
    r := r || jsonb_build_object(x, case x
      when 'utterances' then coalesce(c.utterances, load_utterances(p_interview))
      when 'evidence' then coalesce(c.evidence, load_evidence(p_interview))
      when 'people' then load_people(p_interview)
      when 'questions' then load_questions(p_interview)
      when 'projectPersonas' then load_project_personas(p_project)
      when 'report' then get_interview_report(p_interview)
      when 'summaryFacts' then load_summary_facts(p_interview)
    end);
  end loop;
  return r;
end $$;

revoke execute on function iflow_refresh_step_inputs() from public;
revoke execute on function iflow_step_inputs(uuid, uuid, text[]) from public;
grant execute on function iflow_step_inputs(uuid, uuid, text[]) to service_role;
