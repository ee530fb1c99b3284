-- Issue 10 (Bull Board for humans): a run's BullMQ jobs are named after the interview's title
-- ("evidence · Interview with Ana"). Runs opened by a submission know the title; a resume or a
-- rebuilt run reads it here.
create or replace function get_job_title(p_job uuid) returns jsonb language sql stable as $$
  select jsonb_build_object('title', i.title)
  from analysis_jobs j join interviews i on i.id = j.interview_id where j.id = p_job
$$;

revoke execute on function get_job_title(uuid) from public;
grant execute on function get_job_title(uuid) to service_role;
