-- The login throttle's state, shared by every instance. One row per key: a username ("user:"), a username at one
-- client address ("pair:"), a client address ("address:"). An attempt is counted under the row's lock before the
-- password is checked, so a burst of parallel attempts, on any number of instances, cannot pass the free count.
create table login_throttle (
    key           text        primary key,
    attempts      integer     not null default 0,
    last_attempt  timestamptz not null default now(),
    blocked_until timestamptz
);

-- Quiet keys are forgotten by last_attempt, so the table stays as small as the recent failures.
create index login_throttle_by_last_attempt on login_throttle (last_attempt);
