-- Durable jobs: a row is written before its id is returned, and workers claim rows with a renewable lease.
create table jobs (
    id               uuid primary key,
    owner_id         bigint      not null references users (id) on delete cascade,
    type             text        not null,
    status           text        not null check (status in ('pending', 'running', 'completed', 'failed')),
    payload          jsonb       not null,
    result           jsonb,
    error            text,
    progress_current bigint,
    progress_total   bigint,
    attempts         integer     not null default 0,
    run_after        timestamptz not null default now(),
    lease_owner      text,
    lease_until      timestamptz,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);

-- Only unfinished jobs are ever claimed, so the claim index stays as small as the queue.
create index jobs_claimable on jobs (created_at) where status in ('pending', 'running');
create index jobs_by_owner on jobs (owner_id, created_at desc, id desc);

-- Ownership: PostgreSQL is the authority on who owns which container; engine labels are only a fast filter.
create table containers (
    id         text primary key check (id ~ '^[0-9a-f]{64}$'),
    owner_id   bigint      not null references users (id) on delete cascade,
    job_id     uuid unique references jobs (id) on delete set null,
    image      text        not null,
    cmd        jsonb       not null,
    env        jsonb       not null,
    created_at timestamptz not null default now()
);

create index containers_by_owner on containers (owner_id, created_at desc);
