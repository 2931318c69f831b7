-- Each user's stored bytes and files: a running total that every upload and deletion keeps current, under the
-- user's lock, so that no check has to rescan the user's folder. A user without a row has it counted from the folder
-- once, the first time it is needed.
create table file_usage (
    user_id      bigint primary key references users (id) on delete cascade,
    stored_bytes bigint  not null check (stored_bytes >= 0),
    file_count   integer not null check (file_count >= 0)
);

-- What uploads in flight reserved before they stream, on any instance. Settling an upload deletes its reservation; a
-- reservation whose upload died with its instance stops counting when it expires.
create table upload_reservations (
    id         uuid primary key,
    user_id    bigint      not null references users (id) on delete cascade,
    bytes      bigint      not null check (bytes >= 0),
    new_file   boolean     not null,
    expires_at timestamptz not null
);

create index upload_reservations_by_user on upload_reservations (user_id, expires_at);
create index upload_reservations_by_expiry on upload_reservations (expires_at);
