-- Retention deletes audit rows by age, in small batches.
create index audit_events_by_time on audit_events (created_at);
