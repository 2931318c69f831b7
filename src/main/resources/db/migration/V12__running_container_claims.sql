-- A start that passed the running-containers limit claims its container for a short while, so that the engine's
-- list of running containers, read before the claim, cannot miss a start still in flight (on any instance).
create table container_start_claims (
    container_id text primary key references containers (id) on delete cascade,
    owner_id     bigint      not null references users (id) on delete cascade,
    expires_at   timestamptz not null
);

create index container_start_claims_by_owner on container_start_claims (owner_id, expires_at);
