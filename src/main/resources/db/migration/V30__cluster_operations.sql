-- The lifecycle operation in flight (or last finished) per container, across every instance on this database.
-- The operation's advisory lock, held by the holder's session, is what makes it exclusive and live; this row says
-- which operation it is (so that an identical one joins and a different one gets 409) and, once done, how it ended.
create table container_operations (
    container_id text primary key,
    operation    text        not null,
    token        uuid        not null,
    instance_id  text        not null,
    holder_pid   integer     not null,
    status       text        not null check (status in ('running', 'done')),
    outcome      text,
    started_at   timestamptz not null default now(),
    finished_at  timestamptz
);
