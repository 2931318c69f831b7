-- A browser's session, shared by its tabs: the dashboard's refresh cookie (HttpOnly, SameSite=Strict, sent only to
-- /users/token) names one row, by the SHA-256 of its random value (the value itself is never stored). It buys a
-- bearer token at POST /users/token/refresh; log out deletes the row. Rows age out after the session lifetime.
create table browser_sessions (
    id         bigint      generated always as identity primary key,
    token_hash text        not null unique,
    user_id    bigint      not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
);

create index browser_sessions_by_created_at on browser_sessions (created_at);
create index browser_sessions_by_user on browser_sessions (user_id);
