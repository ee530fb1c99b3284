-- Orchestration speed (issue 12): the finalize step reads the few facts its summary is made of
-- (`summaryFacts`) instead of the whole interview report (`report`: every evidence unit with its
-- text, every theme with its quotes, personas, answers; about 43 KB of JSON for a creatives
-- interview with the local analyzer, built by Postgres and parsed by the worker only to count
-- and name a few things). Measured on the replayed finalize starts of 12 creatives interviews:
-- see the commit message. The `report` reader stays for any caller that wants the report.

-- What summarizeReport (src/processors/finalize-summary.ts) uses, in get_interview_report's
-- orders: participants by speaker, themes by name with their evidence count in this interview,
-- answered and all answers; null when the interview does not exist.
create or replace function load_summary_facts(p_interview uuid) returns jsonb
language plpgsql stable as $$
begin
  return (
    select jsonb_build_object(
      'evidence', (select count(*) from evidence where interview_id = i.id),
      'participants', (select coalesce(jsonb_agg(pe.name order by ip.speaker), '[]')
                       from interview_people ip join people pe on pe.id = ip.person_id
                       where ip.interview_id = i.id and ip.role = 'participant'),
      'themes', (select coalesce(jsonb_agg(jsonb_build_object('name', q.name, 'evidence', q.n) order by q.name), '[]')
                 from (select t.name, count(*) as n
                       from themes t join theme_evidence te on te.theme_id = t.id
                       join evidence e on e.id = te.evidence_id
                       where te.interview_id = i.id group by t.id, t.name) q),
      'answered', (select count(*) from project_answers
                   where interview_id = i.id and status in ('answered', 'partially_answered')),
      'answers', (select count(*) from project_answers where interview_id = i.id))
    from interviews i where i.id = p_interview
  );
end $$;

-- 20261201500002's readers plus summaryFacts
create or replace function iflow_step_inputs(p_interview uuid, p_project uuid, p_reads text[])
returns jsonb language plpgsql stable as $$
declare
  r jsonb := '{}';
  x text;
begin
  foreach x in array coalesce(p_reads, '{}') loop
    if not (x = any (array['utterances', 'evidence', 'people', 'questions', 'projectPersonas', 'report', 'summaryFacts'])) then
      raise exception 'unknown step input %', x using errcode = 'IFBAD';
    end if;
    r := r || jsonb_build_object(x, case x
      when 'utterances' then load_utterances(p_interview)
      when 'evidence' then load_evidence(p_interview)
      when 'people' then load_people(p_interview)
      when 'questions' then load_questions(p_interview)
      when 'projectPersonas' then load_project_personas(p_project)
      when 'report' then get_interview_report(p_interview)
      when 'summaryFacts' then load_summary_facts(p_interview)
    end);
  end loop;
  return r;
end $$;

revoke execute on function load_summary_facts(uuid) from public;
grant execute on function load_summary_facts(uuid) to service_role;
revoke execute on function iflow_step_inputs(uuid, uuid, text[]) from public;
grant execute on function iflow_step_inputs(uuid, uuid, text[]) to service_role;
