-- iflow_fence_sibling (20261202800004) is the (job, step) advisory lock followed by the same
-- checks as iflow_fence_shared (20261203100002): it now calls it instead of a copy of them.
-- Behaviour unchanged.
create or replace function iflow_fence_sibling(p_job uuid, p_run integer, p_step text)
returns analysis_jobs language plpgsql as $$
begin
  perform pg_advisory_xact_lock(hashtextextended('iflow_commit/' || p_job::text || '/' || p_step, 0));
  return iflow_fence_shared(p_job, p_run);
end $$;
