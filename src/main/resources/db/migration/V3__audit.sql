-- Who did what to which container or job, when, and how it ended; readable by the user it concerns.
create table audit_events (
    id         bigint generated always as identity primary key,
    user_id    bigint      not null references users (id) on delete cascade,
    action     text        not null,
    target     text        not null,
    outcome    text        not null,
    detail     text,
    created_at timestamptz not null default now()
);

create index audit_events_by_user on audit_events (user_id, id desc);
