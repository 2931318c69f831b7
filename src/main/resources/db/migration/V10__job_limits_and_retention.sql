-- A user's unfinished jobs are counted on every submission (limits.unfinished_jobs): only they are indexed, so the
-- count stays as small as the user's queue however many finished jobs the user has.
create index jobs_unfinished_by_owner on jobs (owner_id, type) where status in ('pending', 'running');

-- Retention deletes finished jobs by age, in small batches.
create index jobs_finished on jobs (updated_at) where status in ('completed', 'failed');
