-- Operators and teams: roles, account states, per-user limit overrides, sign-in through identity providers,
-- personal API tokens, groups with budgets, and an audit trail that outlives the users it names.

-- role: 'user' or 'admin' (the check is widened when roles are added). state: 'active', 'suspended' (nothing the
-- user holds works; their containers are stopped) or 'deleting' (a user deletion job is removing what they own).
-- password_hash is null for an account without a local password: one invited by an admin, or made at a first
-- sign-in through an identity provider.
alter table users alter column password_hash drop not null;
alter table users add column role text not null default 'user' check (role in ('user', 'admin'));
alter table users add column state text not null default 'active' check (state in ('active', 'suspended', 'deleting'));
alter table users add column state_changed_at timestamptz;
alter table users add column last_login_at timestamptz;

-- Per-user overrides of the limits (the limits module's): {"containers": 100, "storage_bytes": 10737418240};
-- a key that is absent follows the installation's setting, 0 turns the limit off for this user.
create table user_limits (
    user_id bigint primary key references users (id) on delete cascade,
    limits  jsonb not null
);

-- Accounts of an identity provider: the provider's stable subject, never its (changeable) username.
create table user_identities (
    provider   text        not null,
    subject    text        not null,
    user_id    bigint      not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (provider, subject)
);

create index user_identities_by_user on user_identities (user_id);

-- A sign-in through an identity provider in progress: the authorization request, keyed by its state, bound to the
-- browser that started it (a hash of a random cookie), so that any instance can take the provider's answer.
create table sign_in_requests (
    state        text primary key,
    browser_hash bytea       not null,
    request      jsonb       not null,
    created_at   timestamptz not null default now()
);

-- After a sign-in, the dashboard exchanges a one-time code (in the URL's fragment) for a bearer token.
create table sign_in_codes (
    code_hash  bytea primary key,
    user_id    bigint      not null references users (id) on delete cascade,
    created_at timestamptz not null default now()
);

-- Personal API tokens: only a SHA-256 of the secret is kept (the secret has 256 random bits, so a slow hash would
-- add nothing); scopes are those the token may use, of those its user has.
create table personal_tokens (
    id           bigint generated always as identity primary key,
    user_id      bigint      not null references users (id) on delete cascade,
    name         text        not null,
    secret_hash  bytea       not null unique,
    scopes       text[]      not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    last_used_at timestamptz
);

create index personal_tokens_by_user on personal_tokens (user_id, id);
create index personal_tokens_by_expiry on personal_tokens (expires_at);

-- Groups: budgets are what the members together may use ({"running_containers": 10}); absent keys: no budget.
create table user_groups (
    id         bigint generated always as identity primary key,
    name       text        not null,
    budgets    jsonb       not null default '{}'::jsonb,
    created_at timestamptz not null default now()
);

create unique index user_groups_name_ci on user_groups (lower(name));

-- source: 'admin' (added through the admin API) or 'provider' (from an identity provider's group claim, replaced at
-- each sign-in). One membership per user and group: an admin's addition is never undone by a sign-in.
create table group_members (
    group_id bigint not null references user_groups (id) on delete cascade,
    user_id  bigint not null references users (id) on delete cascade,
    source   text   not null check (source in ('admin', 'provider')),
    added_at timestamptz not null default now(),
    primary key (group_id, user_id)
);

create index group_members_by_user on group_members (user_id);

-- The audit trail stays when its user is deleted: the name is written into the rows then, the id kept. An action
-- of one user on another's account or containers (an admin's) names both: actor_id and actor_name.
alter table audit_events drop constraint audit_events_user_id_fkey;
alter table audit_events add column username text;
alter table audit_events add column actor_id bigint;
alter table audit_events add column actor_name text;

create index audit_events_by_actor on audit_events (actor_id, id desc) where actor_id is not null;
