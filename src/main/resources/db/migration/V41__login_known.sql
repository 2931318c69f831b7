-- Where each username logged in with the right password, and when last: the login throttle's ceilings (per
-- username, per address) refuse strangers but only slow an address known for that username, or known at all
-- (an office's NAT, where some of its users logged in before). Rows older than auth.throttle.known_for go.
create table login_known (
    username     text        not null,
    address      text        not null,
    last_success timestamptz not null default now(),
    primary key (username, address)
);
create index login_known_by_address on login_known (address, last_success);
create index login_known_by_last_success on login_known (last_success);
