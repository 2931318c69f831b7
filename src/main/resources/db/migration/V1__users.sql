create table users (
    id            bigint generated always as identity primary key,
    username      text        not null,
    password_hash text        not null,
    created_at    timestamptz not null default now()
);

-- Usernames are unique regardless of case: "Alice" and "alice" are one account.
create unique index users_username_ci on users (lower(username));
