-- Refused lifecycle calls (404, 409) of one user are merged per action, outcome and hour into one row that counts
-- them, so that a user who hammers them adds a few rows an hour, not one per call. Other rows have no bucket.
alter table audit_events add column repeats integer not null default 1;
alter table audit_events add column refusal_hour bigint;

create unique index audit_events_refusals_by_hour on audit_events (user_id, action, outcome, refusal_hour)
    where refusal_hour is not null;
