-- Each user's network (one per egress mode) and the block of addresses the service handed it out of
-- containers.network_range: recorded here so that every instance hands out each block once, and released when the
-- user is deleted. Blocks are handed out under an advisory lock, never overlapping a recorded one (also after the
-- range or the prefix changed).
create table user_networks (
    user_id bigint not null,
    egress boolean not null,
    subnet cidr not null,
    created_at timestamptz not null default now(),
    primary key (user_id, egress)
);
create unique index user_networks_subnet on user_networks (subnet);
