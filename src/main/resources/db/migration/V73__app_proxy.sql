-- The app proxy (appproxy module): who may open which port of a container, share links, and the single-use tickets
-- and cookies of the apps' own origins. Every row goes with its container.

-- A port's access level; a port without a row is 'owner'.
create table app_ports (
    container_id text    not null references containers (id) on delete cascade,
    port         integer not null check (port between 1 and 65535),
    access       text    not null check (access in ('owner', 'users', 'public')),
    primary key (container_id, port)
);

-- A link that opens one port of a container without an account, until it expires or is revoked. Only the hash of
-- its secret is kept.
create table app_shares (
    id           uuid        primary key,
    container_id text        not null references containers (id) on delete cascade,
    port         integer     not null check (port between 1 and 65535),
    secret_hash  bytea       not null unique,
    created_by   bigint      not null references users (id) on delete cascade,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    revoked_at   timestamptz
);
create index app_shares_container on app_shares (container_id, created_at);

-- A single-use ticket (valid seconds) that an app's origin exchanges for a session cookie: taken with one DELETE
-- ... RETURNING on whichever instance the browser reaches.
create table app_tickets (
    ticket_hash  bytea       primary key,
    container_id text        not null references containers (id) on delete cascade,
    port         integer     not null,
    user_id      bigint      references users (id) on delete cascade,
    share_id     uuid        references app_shares (id) on delete cascade,
    expires_at   timestamptz not null
);
create index app_tickets_expiry on app_tickets (expires_at);

-- A browser's session on one app origin (the cookie's hash): a signed-in user's, or a share visitor's.
create table app_sessions (
    session_hash bytea       primary key,
    container_id text        not null references containers (id) on delete cascade,
    port         integer     not null,
    user_id      bigint      references users (id) on delete cascade,
    share_id     uuid        references app_shares (id) on delete cascade,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null
);
create index app_sessions_expiry on app_sessions (expires_at);
