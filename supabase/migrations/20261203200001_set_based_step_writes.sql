-- Orchestration speed (issue 12): the insights commit writes its themes and links set-based, in
-- three statements whatever the number of themes, where it ran a PL/pgSQL loop of three to four
-- statements per theme (insert or find the theme, insert its links, grow the id list). Fencing,
-- the step ledger and the re-delivery path are those of 20261202800004, unchanged.
--
-- Same results as the loop:
-- - new themes are inserted in name-key order (one statement, rows in that order), so two
--   interviews upserting the same themes still cannot deadlock; an existing theme is only read;
-- - two themes of one output with the same name key are one theme (the first given names it);
--   its links are the union of theme/evidence pairs, a pair given twice keeps its higher
--   confidence (the loop kept the later theme's);
-- - only this interview's evidence is linked, unknown ids are ignored;
-- - insightIds lists the themes in name-key order, once each; links counts this interview's
--   theme_evidence rows, all of which this commit has just written (it deletes the rest first).

create or replace function commit_insights(p_job uuid, p_run integer, p jsonb)
returns jsonb language plpgsql as $$
declare
  v analysis_jobs := iflow_fence_sibling(p_job, p_run, 'insights');
  v_ids jsonb;
  v_links integer;
  v_result jsonb;
begin
  if iflow_step_done(p_job, p_run, 'insights') then
    return iflow_stored_result(p_job, p_run, 'insights');
  end if;
  delete from theme_evidence where interview_id = v.interview_id;

  -- the unique (project_id, name_key) index makes concurrent interviews share one theme. An
  -- existing theme is only read, never updated: `do update` would lock the shared row until
  -- this transaction ends and queue every concurrent interview of the project on it.
  insert into themes (account_id, project_id, name, name_key, statement, inclusion_criteria)
  select v.account_id, v.project_id, t.name, t.name_key, t.statement, t.inclusion_criteria
  from (select distinct on (iflow_name_key(x->>'name')) x->>'name' as name,
               iflow_name_key(x->>'name') as name_key, x->>'statement' as statement,
               coalesce(x->>'inclusionCriteria', '') as inclusion_criteria
        from jsonb_array_elements(p->'themes') with ordinality as a(x, ord)
        order by iflow_name_key(x->>'name'), ord) t
  order by t.name_key
  on conflict (project_id, name_key) do nothing;

  with given as (
    select iflow_name_key(x->>'name') as name_key, x->'evidence' as links
    from jsonb_array_elements(p->'themes') x
  ), theme as (
    select th.id, th.name_key from themes th
    where th.project_id = v.project_id and th.name_key in (select name_key from given)
  ), linked as (
    insert into theme_evidence (theme_id, evidence_id, account_id, project_id, interview_id, confidence)
    select theme.id, ev.id, v.account_id, v.project_id, v.interview_id,
           max(coalesce((l->>'confidence')::real, 0.5))
    from given
    join theme on theme.name_key = given.name_key
    cross join lateral jsonb_array_elements(given.links) l
    join evidence ev on ev.id = (l->>'evidenceId')::uuid and ev.interview_id = v.interview_id
    group by theme.id, ev.id
    on conflict (theme_id, evidence_id) do update set confidence = excluded.confidence
    returning 1
  )
  select (select coalesce(jsonb_agg(to_jsonb(theme.id) order by theme.name_key), '[]') from theme),
         (select count(*) from linked)
  into v_ids, v_links;

  v_result := jsonb_build_object('insightIds', v_ids, 'links', v_links);
  perform iflow_complete_step(p_job, p_run, 'insights',
    jsonb_build_object('insightIds', v_ids), v_result);
  return v_result;
end $$;
