-- Single-use tickets for the console's WebSocket, which browsers cannot authenticate with a header. Stored as hashes,
-- redeemed with one DELETE ... RETURNING, so that a ticket works once, on any instance, for 30 seconds.
create table console_tickets (
    ticket_hash  bytea primary key,
    user_id      bigint      not null references users (id) on delete cascade,
    container_id text        not null,
    cmd          jsonb       not null,
    expires_at   timestamptz not null
);

create index console_tickets_expiry on console_tickets (expires_at);
