-- Flat cost with project size (issue 12): load_people (the personas step's `people` input, and the
-- interview report) joined the interview's speakers to `people` with a plain join; its cached plan
-- hashed it over a sequential scan of all the project's people: after 1,000 instant-analyzer
-- interviews in one project, pg_stat_user_tables counted 1,005 seq scans of people reading 1.58 M
-- rows, one per personas start, growing with the project (auto_explain: `Hash Join ... Seq Scan on
-- people pe` under load_people). Each speaker's name is now read by primary key in a scalar
-- subquery, which a plan cannot turn into a hash join. interview_people.person_id references
-- people (on delete cascade), so every speaker has its person and the inner join dropped no row:
-- same result, same order (checked on the 153 interviews of a 150-interview local-analyzer run).
-- Body otherwise 20261202100002's.

create or replace function load_people(p_interview uuid) returns jsonb
language plpgsql stable as $$
begin
  return (
    select coalesce(jsonb_agg(jsonb_build_object('id', ip.person_id,
      'name', (select p.name from people p where p.id = ip.person_id), 'role', ip.role,
      'speaker', ip.speaker) order by ip.speaker), '[]')
    from interview_people ip
    where ip.interview_id = p_interview
  );
end $$;
