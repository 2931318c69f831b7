-- Lifecycle policies (idle stop, lifetime, delete after stopped, warnings): what a policy round needs to judge every
-- container from these rows alone, with no engine call.
-- last_activity_at: the last activity (API calls on the container, keepalive), written at most once per
--   lifecycle.activity_write_interval per container; null: none since creation.
-- running_since: when it last started, as we or the engine's events saw it; null while it is not running.
-- stopped_at: when it last stopped; null if it never ran (its created_at counts then).
-- stop_reason: why a policy stopped it ('idle' or 'lifetime'); cleared when it starts again.
-- warned_for: the stop a container.stopping_soon was sent for, so each warning goes out once.
-- policy_claimed_until: a policy round claimed the container to act on it; another round may claim it again after
--   this (the claimant died), and acting again is harmless (stop and delete are idempotent).
alter table containers add column last_activity_at timestamptz;
alter table containers add column running_since timestamptz;
alter table containers add column stopped_at timestamptz;
alter table containers add column stop_reason text check (stop_reason in ('idle', 'lifetime'));
alter table containers add column warned_for timestamptz;
alter table containers add column policy_claimed_until timestamptz;
