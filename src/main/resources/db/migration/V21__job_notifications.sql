-- Every change of a job's status or progress is announced on cm_job_events (at commit, to every instance that
-- listens), so that the live event stream shows job status and progress whichever instance ran the job.
create function cm_notify_job_event() returns trigger language plpgsql as $$
begin
    perform pg_notify('cm_job_events', json_build_object(
        'job_id', new.id,
        'owner_id', new.owner_id,
        'type', new.type,
        'status', new.status,
        'current', new.progress_current,
        'total', new.progress_total,
        'result', new.result,
        'error', left(new.error, 1000),
        'time', new.updated_at)::text);
    return new;
end
$$;

create trigger jobs_notify_insert after insert on jobs
    for each row execute function cm_notify_job_event();

create trigger jobs_notify_update after update on jobs
    for each row
    when (old.status is distinct from new.status
          or old.progress_current is distinct from new.progress_current
          or old.progress_total is distinct from new.progress_total)
    execute function cm_notify_job_event();
