-- Flat cost with project size (issue 12): finalize's summary facts no longer read the project's
-- themes table. load_summary_facts joined the interview's theme links to `themes` and `evidence`;
-- plans made from small-table statistics hash the join over a sequential scan of all the
-- project's themes, once per interview (commit 466b155's note: 155 sequential scans, 98 K rows
-- over 150 local-analyzer interviews). The links are now counted per theme from the interview's
-- rows of theme_evidence (its interview index), and each theme's name read by primary key. The
-- join to evidence is gone rather than rewritten: theme_evidence.evidence_id references
-- evidence (on delete cascade), so every link has its quote and the join dropped no row; the
-- earlier attempt that kept it turned the themes scans into evidence scans. Same jsonb.
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
                 from (select (select t.name from themes t where t.id = g.theme_id) as name, g.n
                       from (select te.theme_id, count(*) as n from theme_evidence te
                             where te.interview_id = i.id group by te.theme_id) g) q),
      'answered', (select count(*) from project_answers
                   where interview_id = i.id and status in ('answered', 'partially_answered')),
      'answers', (select count(*) from project_answers where interview_id = i.id))
    from interviews i where i.id = p_interview
  );
end $$;
